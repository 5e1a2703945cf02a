package io.hsrl.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Metrics a guardrail can bound. */
public enum GuardrailMetric {
    @JsonProperty("cost") COST("cost"),
    @JsonProperty("costPerUser") COST_PER_USER("costPerUser"),
    @JsonProperty("costPerConversion") COST_PER_CONVERSION("costPerConversion");

    private final String value;

    GuardrailMetric(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }
}
