package io.hsrl.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The metric an experiment decides on. */
public enum PrimaryMetric {
    /** Conversions per exposure. */
    @JsonProperty("cvr") CVR("cvr"),
    /** Conversions per click. */
    @JsonProperty("postClickCvr") POST_CLICK_CVR("postClickCvr"),
    /** Clicks per exposure. */
    @JsonProperty("ctr") CTR("ctr"),
    /** Cost per conversion; lower is better. */
    @JsonProperty("cpa") CPA("cpa");

    private final String value;

    PrimaryMetric(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }
}
