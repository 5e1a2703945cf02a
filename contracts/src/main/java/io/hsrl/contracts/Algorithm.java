package io.hsrl.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The agent to train: HSRL or one of the baselines it is compared with. */
public enum Algorithm implements Names.Named {
    @JsonProperty("hsrl") HSRL,
    @JsonProperty("a2c") A2C,
    @JsonProperty("sl") SL,
    @JsonProperty("random") RANDOM,
    @JsonProperty("popular") POPULAR,
    @JsonProperty("ddpg") DDPG;

    /** The default's wire name, for annotations that need a constant (picocli's defaultValue). */
    public static final String DEFAULT_VALUE = "hsrl";
    public static final Algorithm DEFAULT = parse(DEFAULT_VALUE);

    /** Whether the agent learns from a reward (and so from an objective): hsrl, a2c and ddpg; sl clones the logs. */
    public boolean takesReward() {
        return this == HSRL || this == A2C || this == DDPG;
    }

    @Override
    public String value() {
        return Names.lower(this);
    }

    /** The wire name, case-insensitive (older JSON files wrote the constant's name). */
    @JsonCreator
    public static Algorithm parse(String s) {
        return Names.parse(Algorithm.class, "algorithm", s);
    }
}
