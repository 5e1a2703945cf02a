package io.hsrl.core.simulator;

/** Immediate reward of one slate (hsrl-reference.md §3 step 2, {@code env/reward.py}). */
public enum RewardFunction {
    /** {@code r = (1/K) Σ_k (y_k − 0.1·[y_k = 0])}, r ∈ [−0.1, 1] (ML1M). */
    MEAN_WITH_COST,
    /** RL4RS: {@code r' = 1 − |r − sweetPoint|} on top of {@link #MEAN_WITH_COST}; 8 of 9 clicks is optimal at 0.9. */
    MEAN_WITH_COST_SWEET_POINT;

    /** Per-item cost of a non-click in {@code mean_with_cost}. */
    public static final double NO_CLICK_COST = 0.1;

    public double reward(int clicks, int slateSize, double sweetPoint) {
        double r = (clicks - NO_CLICK_COST * (slateSize - clicks)) / slateSize;
        return this == MEAN_WITH_COST ? r : 1 - Math.abs(r - sweetPoint);
    }

    public static RewardFunction parse(String s) {
        return switch (s.trim().toLowerCase(java.util.Locale.ROOT).replace('-', '_')) {
            case "mean_with_cost" -> MEAN_WITH_COST;
            case "mean_with_cost_sweet_point", "sweet_point", "rl4rs" -> MEAN_WITH_COST_SWEET_POINT;
            default -> throw new IllegalArgumentException("reward must be mean_with_cost or mean_with_cost_sweet_point, was '" + s + "'");
        };
    }
}
