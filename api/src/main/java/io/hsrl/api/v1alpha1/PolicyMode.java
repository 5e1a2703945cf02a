package io.hsrl.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** hsrl: the paper's method with the reference's bugs fixed; reference: behaviour-compatible with the released code. */
public enum PolicyMode {
    @JsonProperty("hsrl") HSRL("hsrl"),
    @JsonProperty("reference") REFERENCE("reference");

    private final String value;

    PolicyMode(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }
}
