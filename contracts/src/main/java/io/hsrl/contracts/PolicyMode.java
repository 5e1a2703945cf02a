package io.hsrl.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code hsrl}: what the paper describes (coarse-to-fine decoding over the trie), with the reference's bugs fixed;
 * {@code reference}: behaviour-compatible with the released code (soft residual pass, catalogue scored by the product
 * of level marginals).
 */
public enum PolicyMode implements Names.Named {
    @JsonProperty("hsrl") HSRL,
    @JsonProperty("reference") REFERENCE;

    /** The default's wire name, for annotations that need a constant (picocli's defaultValue). */
    public static final String DEFAULT_VALUE = "hsrl";
    public static final PolicyMode DEFAULT = parse(DEFAULT_VALUE);

    @Override
    public String value() {
        return Names.lower(this);
    }

    /** The wire name, case-insensitive (older JSON files wrote the constant's name). */
    @JsonCreator
    public static PolicyMode parse(String s) {
        return Names.parse(PolicyMode.class, "mode", s);
    }
}
