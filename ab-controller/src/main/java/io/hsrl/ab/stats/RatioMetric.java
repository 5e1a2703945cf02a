package io.hsrl.ab.stats;

import io.hsrl.ab.stats.ArmAggregate.Var;

/**
 * The metrics of an arm, each a ratio of two per-user sums (numerator Y, denominator X). A metric per user has
 * X = 1 for every user.
 */
public enum RatioMetric {
    /** Clicks per exposure. */
    CTR("ctr", "CTR", Var.CLICKS, Var.EXPOSURES, true),
    /** Conversions per click. */
    POST_CLICK_CVR("postClickCvr", "post-click CVR", Var.CONVERSIONS, Var.CLICKS, true),
    /** Conversions per exposure (the default primary metric; called ADVV in the paper's second version). */
    CVR("cvr", "CVR", Var.CONVERSIONS, Var.EXPOSURES, true),
    /** Cost per exposure. */
    COST_PER_EXPOSURE("costPerExposure", "cost", Var.COST, Var.EXPOSURES, false),
    /** Cost per conversion (CPA). */
    COST_PER_CONVERSION("cpa", "CPA", Var.COST, Var.CONVERSIONS, false),
    /** Cost per user. */
    COST_PER_USER("costPerUser", "cost per user", Var.COST, Var.ONE, false);

    private final String wireName;
    private final String displayName;
    private final Var numerator;
    private final Var denominator;
    private final boolean higherIsBetter;

    RatioMetric(String wireName, String displayName, Var numerator, Var denominator, boolean higherIsBetter) {
        this.wireName = wireName;
        this.displayName = displayName;
        this.numerator = numerator;
        this.denominator = denominator;
        this.higherIsBetter = higherIsBetter;
    }

    /** The name on the status and in the spec. */
    public String wireName() {
        return wireName;
    }

    /** The name in the summary line unless the spec names it. */
    public String displayName() {
        return displayName;
    }

    public Var numerator() {
        return numerator;
    }

    public Var denominator() {
        return denominator;
    }

    /** Rates of success are better higher; costs are better lower. */
    public boolean higherIsBetter() {
        return higherIsBetter;
    }

    /** Σ Y / Σ X of the arm, or NaN when Σ X is 0. */
    public double value(ArmAggregate a) {
        double sx = a.sum(denominator);
        return sx > 0 ? a.sum(numerator) / sx : Double.NaN;
    }

    /**
     * The ratio R = ΣY / ΣX and the delta-method variance of its estimate with users as independent units:
     * Var(R) ≈ Σ (Y_i − R X_i)² / (n (n − 1) x̄²), expanded over the stored sums (Deng et al., "Applying the delta
     * method in metric analytics", 2018). NaN when undefined (fewer than 2 users, a zero denominator).
     */
    public Estimate estimate(ArmAggregate a) {
        double sy = a.sum(numerator);
        double sx = a.sum(denominator);
        long n = a.users();
        if (n < 2 || sx <= 0) {
            return new Estimate(Double.NaN, Double.NaN, n);
        }
        double r = sy / sx;
        double xBar = sx / n;
        double variance = residualSquares(a, r) / ((double) n * (n - 1) * xBar * xBar);
        return new Estimate(r, variance, n);
    }

    /** Σ (Y_i − R X_i)² over the arm's users, from the stored sums. */
    double residualSquares(ArmAggregate a, double r) {
        return Math.max(0.0, a.sum(numerator, numerator) - 2 * r * a.sum(numerator, denominator)
                + r * r * a.sum(denominator, denominator));
    }

    /** Σ (Y_i − R X_i) Z_i over the arm's users, for another per-user variable Z. */
    double residualProduct(ArmAggregate a, double r, Var z) {
        return a.sum(numerator, z) - r * a.sum(denominator, z);
    }

    /** A metric's value in one arm and the variance of that estimate. */
    public record Estimate(double value, double variance, long users) {
        public boolean defined() {
            return Double.isFinite(value) && Double.isFinite(variance);
        }
    }
}
