package io.hsrl.operator.status;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.hsrl.api.v1alpha1.BaseStatus;
import io.hsrl.api.v1alpha1.HsrlApi;
import io.hsrl.operator.events.EventRecorder;
import io.hsrl.operator.validation.Invalid;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * The last phase of every reconcile: writes the status when it changed (state derived from the conditions), and
 * turns a rejected spec or a failed pass into {@code Ready=False} with a reason naming the cause and one Warning event
 * per distinct cause. Failed passes are retried by the framework with back-off.
 */
@ApplicationScoped
public class StatusRecorder {
    private static final Logger LOG = Logger.getLogger(StatusRecorder.class);

    private final EventRecorder events;

    public StatusRecorder(EventRecorder events) {
        this.events = events;
    }

    /** The spec cannot be acted on: Ready=False with the field; a Warning when this is news. */
    public void invalid(HasMetadata resource, BaseStatus status, Invalid invalid) {
        if (status.setCondition(HsrlApi.READY, false, invalid.reason(), invalid.message(),
                resource.getMetadata().getGeneration())) {
            events.warning(resource, invalid.reason(), invalid.message());
        }
    }

    /** Writes the status if it changed; {@code again} asks for another pass after that long. */
    public <P extends CustomResource<?, ? extends BaseStatus>> UpdateControl<P> write(P resource, StatusSnapshot before,
            Duration again) {
        States.derive(resource.getStatus());
        UpdateControl<P> control = before.changed(resource.getStatus())
                ? UpdateControl.patchStatus(resource) : UpdateControl.noUpdate();
        return again == null ? control : control.rescheduleAfter(again);
    }

    /**
     * A pass failed (the API server or the object store answered with an error, or did not answer): Ready=False with
     * the cause, a Warning when the cause is new, and the status written; the framework retries with back-off.
     */
    public <P extends CustomResource<?, S>, S extends BaseStatus> ErrorStatusUpdateControl<P> failed(P resource,
            S freshStatus, Exception error) {
        if (resource.getStatus() == null) {
            resource.setStatus(freshStatus);
        }
        Failure failure = Failure.of(error);
        LOG.warnf("%s %s/%s: %s (%s)", resource.getKind(), resource.getMetadata().getNamespace(),
                resource.getMetadata().getName(), failure.reason(), failure.message());
        S status = resource.getStatus();
        if (status.setCondition(HsrlApi.READY, false, failure.reason(), failure.message(),
                resource.getMetadata().getGeneration())) {
            events.warning(resource, failure.reason(), failure.message());
        }
        States.derive(status);
        return ErrorStatusUpdateControl.patchStatus(resource);
    }
}
