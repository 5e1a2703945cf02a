package io.hsrl.ab.stats;

/**
 * The metrics of an arm, each a ratio of two per-user sums (numerator Y, denominator X). A metric per user has
 * X = 1 for every user.
 */
public enum RatioMetric {
    /** Conversions per exposure (the primary metric; called ADVV in the paper's second version). */
    CVR,
    /** Cost per exposure. */
    COST_PER_EXPOSURE,
    /** Cost per user. */
    COST_PER_USER,
    /** Cost per conversion. */
    COST_PER_CONVERSION;

    /** Σ Y, Σ X, Σ Y², Σ X², Σ XY of this metric over the arm's users. */
    private double[] moments(ArmAggregate a) {
        return switch (this) {
            case CVR -> new double[] {a.conversions(), a.exposures(), a.conversionsSq(), a.exposuresSq(),
                    a.exposuresConversions()};
            case COST_PER_EXPOSURE -> new double[] {a.cost(), a.exposures(), a.costSq(), a.exposuresSq(),
                    a.exposuresCost()};
            case COST_PER_USER -> new double[] {a.cost(), a.users(), a.costSq(), a.users(), a.cost()};
            case COST_PER_CONVERSION -> new double[] {a.cost(), a.conversions(), a.costSq(), a.conversionsSq(),
                    a.conversionsCost()};
        };
    }

    /**
     * The ratio R = ΣY / ΣX and the delta-method variance of its estimate with users as independent units:
     * Var(R) ≈ Σ (Y_i − R X_i)² / (n (n − 1) x̄²), expanded over the stored sums (Deng et al., "Applying the delta
     * method in metric analytics", 2018). NaN when undefined (no users, a zero denominator).
     */
    public Estimate estimate(ArmAggregate a) {
        double[] m = moments(a);
        double sy = m[0];
        double sx = m[1];
        long n = a.users();
        if (n < 2 || sx <= 0) {
            return new Estimate(Double.NaN, Double.NaN, n);
        }
        double r = sy / sx;
        double residualSq = Math.max(0.0, m[2] - 2 * r * m[4] + r * r * m[3]);
        double xBar = sx / n;
        double variance = residualSq / ((double) n * (n - 1) * xBar * xBar);
        return new Estimate(r, variance, n);
    }

    /** A metric's value in one arm and the variance of that estimate. */
    public record Estimate(double value, double variance, long users) {
        public boolean defined() {
            return Double.isFinite(value) && Double.isFinite(variance);
        }
    }
}
