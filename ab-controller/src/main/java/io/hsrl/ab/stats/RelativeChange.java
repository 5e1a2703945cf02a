package io.hsrl.ab.stats;

/**
 * Treatment versus control of one metric, in percent: (R_t / R_c − 1) · 100 with its interval, computed on the log
 * ratio (delta method: Var(log R_t − log R_c) ≈ Var(R_t)/R_t² + Var(R_c)/R_c², arms independent) and transformed
 * back, so the interval is asymmetric and never below −100%. With CUPED the estimate and its variance are those of
 * the covariate-adjusted log ratio ({@link Cuped}); {@code unadjustedPercent} is then the plain ratio of the arms.
 *
 * @param varianceReduction 1 − adjusted variance / plain variance when CUPED adjusted the estimate, else NaN
 * @param unadjustedPercent (R_t / R_c − 1) · 100 from the arms' counts, with or without CUPED
 */
public record RelativeChange(double percent, double lowPercent, double highPercent, double pValue,
        double logRatio, double logVariance, double unadjustedPercent, double varianceReduction) {

    /** A change without covariate adjustment. */
    public RelativeChange(double percent, double lowPercent, double highPercent, double pValue, double logRatio,
            double logVariance) {
        this(percent, lowPercent, highPercent, pValue, logRatio, logVariance, percent, Double.NaN);
    }

    /** The change of {@code metric}, or null when it is undefined in either arm (e.g. no conversions yet). */
    public static RelativeChange of(RatioMetric metric, ArmAggregate control, ArmAggregate treatment,
            Inference inference, double alpha) {
        return of(metric, control, treatment, inference, alpha, false);
    }

    /**
     * The change of {@code metric}; with {@code cuped}, adjusted by the users' pre-experiment covariate where the
     * arms carry one (otherwise the plain change). Null when undefined in either arm.
     */
    public static RelativeChange of(RatioMetric metric, ArmAggregate control, ArmAggregate treatment,
            Inference inference, double alpha, boolean cuped) {
        RatioMetric.Estimate c = metric.estimate(control);
        RatioMetric.Estimate t = metric.estimate(treatment);
        if (!c.defined() || !t.defined() || c.value() <= 0 || t.value() <= 0) {
            return null;
        }
        double logRatio = Math.log(t.value() / c.value());
        double v = t.variance() / (t.value() * t.value()) + c.variance() / (c.value() * c.value());
        if (!(v > 0)) {
            return null;
        }
        double raw = toPercent(logRatio);
        Cuped.Adjustment adj = cuped ? Cuped.adjust(metric, control, treatment) : null;
        if (adj == null || !(adj.variance() > 0)) {
            double h = inference.halfWidth(v, alpha);
            return new RelativeChange(raw, toPercent(logRatio - h), toPercent(logRatio + h),
                    inference.pValue(logRatio, v), logRatio, v, raw, Double.NaN);
        }
        double est = logRatio - adj.shift();
        double va = adj.variance();
        double h = inference.halfWidth(va, alpha);
        return new RelativeChange(toPercent(est), toPercent(est - h), toPercent(est + h), inference.pValue(est, va),
                est, va, raw, 1 - va / v);
    }

    static double toPercent(double logRatio) {
        return Math.expm1(logRatio) * 100.0;
    }

    /** Whether CUPED adjusted this estimate. */
    public boolean adjusted() {
        return !Double.isNaN(varianceReduction);
    }

    /** Whether the interval excludes no change. */
    public boolean excludesZero() {
        return lowPercent > 0 || highPercent < 0;
    }

    /** Whether the interval contains {@code truePercent}. */
    public boolean covers(double truePercent) {
        return lowPercent <= truePercent && truePercent <= highPercent;
    }
}
