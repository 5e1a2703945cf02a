package io.hsrl.ab.stats;

/**
 * Treatment versus control of one metric, in percent: (R_t / R_c − 1) · 100 with its interval, computed on the log
 * ratio (delta method: Var(log R_t − log R_c) ≈ Var(R_t)/R_t² + Var(R_c)/R_c², arms independent) and transformed
 * back, so the interval is asymmetric and never below −100%.
 */
public record RelativeChange(double percent, double lowPercent, double highPercent, double pValue,
        double logRatio, double logVariance) {

    /** The change of {@code metric}, or null when it is undefined in either arm (e.g. no conversions yet). */
    public static RelativeChange of(RatioMetric metric, ArmAggregate control, ArmAggregate treatment,
            Inference inference, double alpha) {
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
        double h = inference.halfWidth(v, alpha);
        return new RelativeChange(toPercent(logRatio), toPercent(logRatio - h), toPercent(logRatio + h),
                inference.pValue(logRatio, v), logRatio, v);
    }

    private static double toPercent(double logRatio) {
        return Math.expm1(logRatio) * 100.0;
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
