package io.hsrl.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;

import java.util.ArrayList;
import java.util.List;

/** What every status has: conditions, and the generation the controller last acted on. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class BaseStatus {
    @JsonPropertyDescription("The generation of the spec that this status describes.")
    public Long observedGeneration;

    @JsonPropertyDescription("Standard conditions; each carries the observedGeneration it was computed for.")
    public List<Condition> conditions = new ArrayList<>();

    /** Sets a condition through the one helper that keeps the Kubernetes conventions. */
    public boolean setCondition(String type, boolean status, String reason, String message, Long generation) {
        return Conditions.set(conditions, type, status, reason, message, generation);
    }

    public boolean isTrue(String type) {
        return Conditions.isTrue(conditions, type);
    }
}
