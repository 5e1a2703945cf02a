package io.hsrl.serving.model;

import io.hsrl.store.ObjectStore;

/**
 * Turns a verified checkpoint into a servable model. A checkpoint with an actor ({@code actor.bin} and
 * {@code agent.json}, as the HSRL training run writes them) is served as a Hierarchical Policy in the mode it was
 * trained in; a supervised ({@code sl}, behaviour cloning) checkpoint as a greedy item scorer
 * ({@link ServedSupervisedPolicy}); other algorithms (flat A2C, DDPG, random, most-popular) are refused by name.
 */
public final class PolicyFactory {
    private static final String HSRL = "hsrl";
    private PolicyFactory() {
    }

    /** @param store where the manifest's dataset (item features) is read from */
    public static LoadedPolicy create(ModelArtifacts artifacts, ObjectStore store, PolicyOptions options)
            throws ModelLoadException {
        String algorithm = artifacts.manifest().algorithm();
        if (ServedSupervisedPolicy.ALGORITHM.equals(algorithm)) {
            return ServedSupervisedPolicy.load(artifacts, store, options);
        }
        if (algorithm != null && !HSRL.equals(algorithm)) {
            // a flat A2C / DDPG checkpoint also has actor.bin and agent.json, but not this network's shape
            throw new ModelLoadException(artifacts.manifestUri() + ": algorithm '" + algorithm + "' cannot be served by "
                    + "this image, which serves HSRL policies (mode hsrl or reference) and supervised (sl) ones; "
                    + "for a baseline arm, train with --algorithm sl, or --algorithm hsrl --mode reference");
        }
        if (ServedHierarchicalPolicy.servable(artifacts)) {
            return ServedHierarchicalPolicy.load(artifacts, store, options);
        }
        throw new ModelLoadException(artifacts.manifestUri() + ": algorithm '" + artifacts.manifest().algorithm()
                + "' cannot be served: the checkpoint has no " + ServedHierarchicalPolicy.ACTOR_FILE + " and agent.json");
    }
}
