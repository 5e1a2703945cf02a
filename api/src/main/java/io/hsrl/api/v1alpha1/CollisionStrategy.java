package io.hsrl.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How items that share a Semantic ID are told apart, so that SID to item is one-to-one. */
public enum CollisionStrategy {
    /** Append one disambiguation token to every SID. */
    @JsonProperty("extraLevel") EXTRA_LEVEL("extraLevel"),
    /** Move a colliding item to the nearest free code at the last level. */
    @JsonProperty("reassign") REASSIGN("reassign");

    private final String value;

    CollisionStrategy(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }
}
