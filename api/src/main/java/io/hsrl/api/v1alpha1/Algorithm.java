package io.hsrl.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The agent to train: HSRL or one of the baselines it is compared with. */
public enum Algorithm {
    @JsonProperty("hsrl") HSRL("hsrl"),
    @JsonProperty("a2c") A2C("a2c"),
    @JsonProperty("sl") SL("sl"),
    @JsonProperty("random") RANDOM("random"),
    @JsonProperty("popular") POPULAR("popular"),
    @JsonProperty("ddpg") DDPG("ddpg");

    private final String value;

    Algorithm(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }
}
