package io.hsrl.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a training maximises. {@code engagement}: the simulator's click reward ({@code mean_with_cost}, with the RL4RS
 * sweet point where the data set has one); {@code conversions}: conversions − λ·cost per slate, with λ ≥ 0 adapted
 * by dual ascent so that the policy's cost per exposure meets a {@link CostBudget}.
 */
public enum ObjectiveType implements Names.Named {
    @JsonProperty("engagement") ENGAGEMENT,
    @JsonProperty("conversions") CONVERSIONS;

    public static final ObjectiveType DEFAULT = ENGAGEMENT;
    /** {@link #DEFAULT}'s wire name, for annotations that need a constant. */
    public static final String DEFAULT_VALUE = "engagement";

    @Override
    public String value() {
        return Names.lower(this);
    }

    @JsonCreator
    public static ObjectiveType parse(String s) {
        return parse("objective", s);
    }

    /** @param field the option or field named in the error */
    public static ObjectiveType parse(String field, String s) {
        return Names.parse(ObjectiveType.class, field, s);
    }
}
