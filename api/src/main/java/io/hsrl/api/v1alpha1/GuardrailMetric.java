package io.hsrl.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Metrics a guardrail can bound. {@code cost} is cost per exposure; {@code cpa} and {@code costPerConversion} are one metric. */
public enum GuardrailMetric {
    @JsonProperty("cost") COST("cost"),
    @JsonProperty("costPerUser") COST_PER_USER("costPerUser"),
    @JsonProperty("costPerConversion") COST_PER_CONVERSION("costPerConversion"),
    @JsonProperty("cpa") CPA("cpa"),
    @JsonProperty("cvr") CVR("cvr"),
    @JsonProperty("postClickCvr") POST_CLICK_CVR("postClickCvr"),
    @JsonProperty("ctr") CTR("ctr");

    private final String value;

    GuardrailMetric(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }
}
