package io.hsrl.ab.stats;

/**
 * How likely the test is to detect a given change now, and how many users per arm it needs to detect it with the
 * target probability. The variance of the log ratio scales as 1 / users at a fixed split, so the current variance
 * (CUPED-adjusted when the estimate is) predicts the variance at any size. The test is the experiment's own
 * (fixed-horizon z or the always-valid mixture test, whose interval is wider).
 *
 * @param power              probability of a significant result at today's size if the true change is the effect
 * @param usersNeededPerArm  users in the smaller arm at which that probability reaches the target
 */
public record Power(double effectPercent, double power, double target, long usersNeededPerArm) {

    /**
     * @param change        the primary metric's change now (its log variance is used)
     * @param smallerArm    users in the smaller arm now
     * @param effectPercent the change to detect, percent (e.g. 5)
     * @return null when the variance is undefined
     */
    public static Power of(RelativeChange change, long smallerArm, double effectPercent, double target,
            Inference inference, double alpha) {
        if (change == null || !(change.logVariance() > 0) || smallerArm < 2 || !(effectPercent > 0)) {
            return null;
        }
        double effect = Math.log1p(effectPercent / 100.0);
        double v = change.logVariance();
        double now = probability(effect, v, inference, alpha);
        // Search the scale factor f (users × f, variance / f) at which the power reaches the target.
        double lo = 1e-6;
        double hi = 1;
        while (probability(effect, v / hi, inference, alpha) < target && hi < 1e12) {
            hi *= 2;
        }
        if (probability(effect, v / hi, inference, alpha) < target) {
            return new Power(effectPercent, now, target, Long.MAX_VALUE);
        }
        for (int i = 0; i < 100 && hi / lo > 1.0001; i++) {
            double mid = Math.sqrt(lo * hi);
            if (probability(effect, v / mid, inference, alpha) >= target) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return new Power(effectPercent, now, target, (long) Math.ceil(smallerArm * hi));
    }

    /** P(|θ̂| > half-width) for θ̂ ~ N(effect, v). */
    static double probability(double effect, double v, Inference inference, double alpha) {
        double h = inference.halfWidth(v, alpha);
        double sd = Math.sqrt(v);
        return NormalDistribution.cdf((effect - h) / sd) + NormalDistribution.cdf((-effect - h) / sd);
    }

    /** Users still to come in the smaller arm (0 once the estimate says enough). */
    public long usersStillNeeded(long smallerArm) {
        return usersNeededPerArm == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, usersNeededPerArm - smallerArm);
    }
}
