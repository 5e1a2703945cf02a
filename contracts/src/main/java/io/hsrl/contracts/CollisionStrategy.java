package io.hsrl.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How items that the codebook gives the same Semantic ID are told apart, so that SID to item is one-to-one
 * (SemanticIndex {@code spec.collisions}, {@code index --collisions}, stats.json).
 */
public enum CollisionStrategy implements Names.Named {
    /** Append a disambiguation token: the item's rank (by quantisation error) among the items sharing its SID. */
    @JsonProperty("extraLevel") EXTRA_LEVEL("extraLevel"),
    /**
     * Keep the best-fitting item of each shared SID; move each other one to the nearest free code at the last level
     * (under the same prefix), or, when that prefix is full, the nearest free pair of codes at the last two levels.
     */
    @JsonProperty("reassign") REASSIGN("reassign");

    /** The default's wire name, for annotations that need a constant (picocli's defaultValue). */
    public static final String DEFAULT_VALUE = "extraLevel";
    public static final CollisionStrategy DEFAULT = parse(DEFAULT_VALUE);

    private final String value;

    CollisionStrategy(String value) {
        this.value = value;
    }

    @Override
    public String value() {
        return value;
    }

    /** The wire name, case-insensitive (older JSON files wrote the constant's name). */
    @JsonCreator
    public static CollisionStrategy parse(String s) {
        return Names.parse(CollisionStrategy.class, "collisions", s);
    }
}
