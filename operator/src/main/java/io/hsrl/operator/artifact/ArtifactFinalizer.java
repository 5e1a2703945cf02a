package io.hsrl.operator.artifact;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.hsrl.api.v1alpha1.ArtifactPolicy;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;

/**
 * The one finalizer: held only by resources with {@code artifacts: Delete}, whose object-store prefix must go with
 * them. Kubernetes objects need none (owner references let the garbage collector remove them); {@link ArtifactJanitor}
 * finishes the deletion.
 */
public final class ArtifactFinalizer {
    public static final String NAME = "hsrl.io/artifacts";

    private ArtifactFinalizer() {
    }

    /**
     * Adds or removes the finalizer so that it is present exactly when the policy is Delete. Returns false when the
     * add has to wait: it is made only once the status has been written once ({@code statusWritten}), because a
     * JSON patch of a status that does not exist yet fails once the main resource has been patched.
     */
    public static <P extends HasMetadata> boolean sync(P primary, Context<P> context, ArtifactPolicy policy,
            boolean statusWritten) {
        boolean wanted = policy == ArtifactPolicy.Delete;
        if (wanted && !primary.hasFinalizer(NAME) && !statusWritten) {
            return false;
        }
        if (wanted && !primary.hasFinalizer(NAME)) {
            P updated = PrimaryUpdateAndCacheUtils.addFinalizer(context, NAME);
            primary.getMetadata().setResourceVersion(updated.getMetadata().getResourceVersion());
            primary.getMetadata().setFinalizers(updated.getMetadata().getFinalizers());
        } else if (!wanted && primary.hasFinalizer(NAME)) {
            P updated = PrimaryUpdateAndCacheUtils.removeFinalizer(context, NAME);
            primary.getMetadata().setResourceVersion(updated.getMetadata().getResourceVersion());
            primary.getMetadata().setFinalizers(updated.getMetadata().getFinalizers());
        }
        return true;
    }

}
