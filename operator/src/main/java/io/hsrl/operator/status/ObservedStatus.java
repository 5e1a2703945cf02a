package io.hsrl.operator.status;

import io.fabric8.kubernetes.client.CustomResource;
import io.hsrl.api.v1alpha1.BaseStatus;

import java.util.function.Supplier;

/**
 * Where every pass starts: the status as last written (a fresh one for a new resource), remembered so that the pass
 * writes it only when something changed, and stamped with the generation this pass acts on.
 *
 * @param before         the status as read, for {@link StatusRecorder#write}
 * @param statusWritten  whether the status had been written before (a finalizer is added only after the first write)
 */
public record ObservedStatus<S extends BaseStatus>(S status, StatusSnapshot before, boolean statusWritten) {

    public static <P extends CustomResource<?, S>, S extends BaseStatus> ObservedStatus<S> of(P resource,
            Supplier<S> fresh) {
        if (resource.getStatus() == null) {
            resource.setStatus(fresh.get());
        }
        S status = resource.getStatus();
        StatusSnapshot before = StatusSnapshot.of(status);
        boolean written = status.observedGeneration != null;
        status.observedGeneration = resource.getMetadata().getGeneration();
        return new ObservedStatus<>(status, before, written);
    }
}
