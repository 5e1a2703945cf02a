package io.hsrl.serving.model;

import io.hsrl.store.ObjectStore;

/**
 * Turns a verified checkpoint into a servable model. A checkpoint with an actor ({@code actor.bin} and
 * {@code agent.json}, as the HSRL training run writes them) is served as a Hierarchical Policy in the mode it was
 * trained in; baselines without an actor (random, most-popular) are not served by this image.
 */
public final class PolicyFactory {
    private PolicyFactory() {
    }

    /** @param store where the manifest's dataset (item features) is read from */
    public static LoadedPolicy create(ModelArtifacts artifacts, ObjectStore store, PolicyOptions options)
            throws ModelLoadException {
        if (ServedHierarchicalPolicy.servable(artifacts)) {
            return ServedHierarchicalPolicy.load(artifacts, store, options);
        }
        throw new ModelLoadException(artifacts.manifestUri() + ": algorithm '" + artifacts.manifest().algorithm()
                + "' cannot be served: the checkpoint has no " + ServedHierarchicalPolicy.ACTOR_FILE + " and agent.json");
    }
}
