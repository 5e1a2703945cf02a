package io.hsrl.serving.model;

/**
 * Turns a verified checkpoint into a servable model, by the manifest's {@code algorithm}. The Hierarchical Policy
 * (hsrl and reference modes) plugs in here once its checkpoint format is merged.
 */
public final class PolicyFactory {
    private PolicyFactory() {
    }

    public static LoadedPolicy create(ModelArtifacts artifacts, PolicyOptions options) throws ModelLoadException {
        String algorithm = artifacts.manifest().algorithm();
        if (DotProductPolicy.ALGORITHM.equals(algorithm)) {
            return DotProductPolicy.load(artifacts, options);
        }
        throw new ModelLoadException(artifacts.manifestUri() + ": algorithm '" + algorithm
                + "' cannot be served (supported: " + DotProductPolicy.ALGORITHM + ")");
    }
}
