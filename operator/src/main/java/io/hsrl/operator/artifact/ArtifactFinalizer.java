package io.hsrl.operator.artifact;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.hsrl.api.v1alpha1.ArtifactPolicy;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

import java.io.IOException;
import java.time.Duration;

/**
 * The one finalizer: held only by resources with {@code artifacts: Delete}, whose object-store prefix must go with
 * them. Kubernetes objects need none (owner references let the garbage collector remove them); {@link ArtifactJanitor}
 * finishes the deletion.
 */
public final class ArtifactFinalizer {
    public static final String NAME = "hsrl.io/artifacts";

    private ArtifactFinalizer() {
    }

    /** One pass of a reconciler that may throw what the object store throws. */
    @FunctionalInterface
    public interface Pass<P extends HasMetadata> {
        UpdateControl<P> run() throws IOException;
    }

    /**
     * Keeps the finalizer in step with the policy around a pass: when its add has to wait for the first status write
     * (see {@link #sync}), the pass is followed by another one a second later.
     */
    public static <P extends HasMetadata> UpdateControl<P> around(P primary, Context<P> context, ArtifactPolicy policy,
            boolean statusWritten, Pass<P> pass) throws IOException {
        boolean inPlace = sync(primary, context, policy, statusWritten);
        UpdateControl<P> control = pass.run();
        return inPlace || control.getScheduleDelay().isPresent() ? control
                : control.rescheduleAfter(Duration.ofSeconds(1));
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
