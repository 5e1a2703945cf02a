package io.hsrl.operator.status;

import io.hsrl.api.v1alpha1.BaseStatus;
import io.hsrl.api.v1alpha1.Conditions;
import io.hsrl.api.v1alpha1.HsrlApi;
import io.hsrl.api.v1alpha1.HsrlTrainingStatus;
import io.hsrl.api.v1alpha1.SemanticIndexStatus;

import java.util.List;

/** {@code status.state}, the one-word summary, derived from the conditions here and nowhere else. */
public final class States {
    /** Condition type set while a finalizer cannot finish; its reason says why. */
    public static final String DELETING = "Deleting";
    private static final List<String> TRAINING_PHASES =
            List.of(HsrlApi.COMPLETE, HsrlApi.FAILED, HsrlApi.SUSPENDED, HsrlApi.RUNNING, HsrlApi.PENDING);

    private States() {
    }

    /** Deleting, Ready, Degraded, Building, Retrying, Failed or Pending. */
    public static String of(SemanticIndexStatus s) {
        if (s.isTrue(DELETING)) {
            return DELETING;
        }
        if (s.isTrue(HsrlApi.READY)) {
            return "Ready";
        }
        if (s.isTrue(HsrlApi.DEGRADED) && s.statsUri != null && !s.isTrue(HsrlApi.BUILDING)) {
            return "Degraded";
        }
        if (s.isTrue(HsrlApi.BUILDING)) {
            return "Building";
        }
        var ready = Conditions.find(s.conditions, HsrlApi.READY);
        if (ready.isEmpty()) {
            return "Pending";
        }
        // a pass that failed on the API server or the object store is retried: not failed for good
        return Failure.TRANSIENT.contains(ready.get().getReason()) ? "Retrying" : "Failed";
    }

    /** Deleting, or the phase condition that is True: Complete, Failed, Suspended, Running, Pending. */
    public static String of(HsrlTrainingStatus s) {
        if (s.isTrue(DELETING)) {
            return DELETING;
        }
        return TRAINING_PHASES.stream().filter(s::isTrue).findFirst().orElse(HsrlApi.PENDING);
    }

    /** Sets {@code state} on the statuses that have one. */
    public static void derive(BaseStatus status) {
        if (status instanceof SemanticIndexStatus s) {
            s.state = of(s);
        } else if (status instanceof HsrlTrainingStatus t) {
            t.state = of(t);
        }
    }
}
