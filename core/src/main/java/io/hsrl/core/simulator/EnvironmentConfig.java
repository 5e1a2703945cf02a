package io.hsrl.core.simulator;

/**
 * Environment settings (hsrl-reference.md §3, §9): B parallel sessions (32), initial temper (20), reward function
 * (RL4RS: with the 0.9 sweet point; ML1M: without), the advertising response model.
 */
public record EnvironmentConfig(int batchSize, double initialTemper, RewardFunction reward, double sweetPoint,
                                ConversionModel conversions) {
    public EnvironmentConfig {
        if (batchSize < 1) {
            throw new IllegalArgumentException("environment batch size must be >= 1, was " + batchSize);
        }
        if (!(initialTemper >= 1)) {
            throw new IllegalArgumentException("initial temper must be >= 1, was " + initialTemper);
        }
        if (reward == null || conversions == null) {
            throw new IllegalArgumentException("reward function and conversion model are required");
        }
    }

    /** RL4RS reference settings: B=32, temper 20, mean_with_cost with sweet point 0.9. */
    public static EnvironmentConfig rl4rs() {
        return new EnvironmentConfig(32, 20, RewardFunction.MEAN_WITH_COST_SWEET_POINT, 0.9, ConversionModel.defaults());
    }

    /** ML1M reference settings: B=32, temper 20, plain mean_with_cost. */
    public static EnvironmentConfig ml1m() {
        return new EnvironmentConfig(32, 20, RewardFunction.MEAN_WITH_COST, 0.9, ConversionModel.defaults());
    }

    /** The reference settings for a dataset format name (rl4rs gets the sweet point, the others not, §13 item 19). */
    public static EnvironmentConfig forFormat(String format) {
        return "rl4rs".equalsIgnoreCase(format) ? rl4rs() : ml1m();
    }

    public EnvironmentConfig withBatchSize(int b) {
        return new EnvironmentConfig(b, initialTemper, reward, sweetPoint, conversions);
    }
}
