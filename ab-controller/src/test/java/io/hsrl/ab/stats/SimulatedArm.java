package io.hsrl.ab.stats;

import java.util.SplittableRandom;

/**
 * A seeded population for the simulation tests. Each user has 1 + Poisson(3) exposures, a personal conversion
 * probability p = lift · 2 · baseCvr · U (U uniform, so users differ and per-exposure counts are not independent:
 * the reason the delta method over users is needed), and cost per exposure costFactor · 0.1 · (0.5 + U').
 * True CVR of the arm: lift · baseCvr; true cost per exposure: costFactor · 0.1.
 */
final class SimulatedArm {
    static final double EXPOSURE_RATE = 3.0;
    private static final double EXP_MINUS_RATE = Math.exp(-EXPOSURE_RATE);

    private SimulatedArm() {
    }

    static void addUsers(ArmAggregate.Builder arm, SplittableRandom rng, int users, double baseCvr, double lift,
            double costFactor) {
        double pMax = 2 * baseCvr * lift;
        for (int i = 0; i < users; i++) {
            int exposures = 1 + poisson(rng);
            double p = pMax * rng.nextDouble();
            int conversions = 0;
            int clicks = 0;
            for (int e = 0; e < exposures; e++) {
                double u = rng.nextDouble();
                if (u < p) {
                    conversions++;
                }
                if (u < 3 * p) {
                    clicks++;
                }
            }
            double cost = exposures * costFactor * 0.1 * (0.5 + rng.nextDouble());
            arm.addUser(exposures, clicks, conversions, cost);
        }
    }

    static ArmAggregate arm(SplittableRandom rng, int users, double baseCvr, double lift, double costFactor) {
        ArmAggregate.Builder b = ArmAggregate.builder();
        addUsers(b, rng, users, baseCvr, lift, costFactor);
        return b.build();
    }

    /**
     * A population with a history before the experiment, for CUPED. Users differ in activity and propensity, and
     * both persist from before the experiment into it:
     * <ul>
     * <li>activity a ~ Gamma(2, 1/2) (mean 1): exposures in the experiment 1 + Poisson(3a), before it Poisson(30a)
     * (a history ten times as long);</li>
     * <li>propensity H ~ χ²₁ (mean 1, variance 2): conversion probability per exposure p = baseCvr · H before the
     * experiment and lift · baseCvr · H in it (capped at 1, which changes the means by under 10⁻⁴); a click with
     * probability min(1, 3p), every conversion a click;</li>
     * <li>cost per exposure costFactor · 0.1 · (0.5 + U).</li>
     * </ul>
     * {@code historyShare} of the users have their history sent (the others are new users, covariate unknown).
     * True CVR lift = lift, true cost-per-exposure change = costFactor, as in {@link #addUsers}.
     */
    static void addUsersWithHistory(ArmAggregate.Builder arm, SplittableRandom rng, int users, double baseCvr,
            double lift, double costFactor, double historyShare) {
        for (int i = 0; i < users; i++) {
            double activity = 0.5 * (exponential(rng) + exponential(rng));
            double z = gaussian(rng);
            double propensity = z * z;
            double pBefore = Math.min(1, baseCvr * propensity);
            double p = Math.min(1, lift * baseCvr * propensity);
            int exposures = 1 + poisson(rng, 3 * activity);
            int conversions = 0;
            int clicks = 0;
            for (int e = 0; e < exposures; e++) {
                double u = rng.nextDouble();
                if (u < p) {
                    conversions++;
                }
                if (u < 3 * p) {
                    clicks++;
                }
            }
            double cost = exposures * costFactor * 0.1 * (0.5 + rng.nextDouble());
            ArmAggregate.Covariate history = null;
            if (rng.nextDouble() < historyShare) {
                int preExposures = poisson(rng, 30 * activity);
                int preConversions = 0;
                for (int e = 0; e < preExposures; e++) {
                    if (rng.nextDouble() < pBefore) {
                        preConversions++;
                    }
                }
                history = new ArmAggregate.Covariate(preExposures, preConversions);
            }
            arm.addUser(exposures, clicks, conversions, cost, history);
        }
    }

    static ArmAggregate armWithHistory(SplittableRandom rng, int users, double baseCvr, double lift,
            double costFactor) {
        ArmAggregate.Builder b = ArmAggregate.builder();
        addUsersWithHistory(b, rng, users, baseCvr, lift, costFactor, HISTORY_SHARE);
        return b.build();
    }

    /** Share of simulated users whose history is known. */
    static final double HISTORY_SHARE = 0.8;

    private static double exponential(SplittableRandom rng) {
        return -Math.log(1 - rng.nextDouble());
    }

    private static double gaussian(SplittableRandom rng) {
        // Box–Muller; one of the pair is enough here.
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    /** Poisson(mean) by multiplying uniforms, in chunks of 30 so that exp(−mean) never underflows. */
    private static int poisson(SplittableRandom rng, double mean) {
        int k = 0;
        double left = mean;
        while (left > 30) {
            k += poissonSmall(rng, 30);
            left -= 30;
        }
        return k + poissonSmall(rng, left);
    }

    private static int poissonSmall(SplittableRandom rng, double mean) {
        double limit = Math.exp(-mean);
        int k = 0;
        double p = 1;
        do {
            k++;
            p *= rng.nextDouble();
        } while (p > limit);
        return k - 1;
    }

    private static int poisson(SplittableRandom rng) {
        int k = 0;
        double p = 1;
        do {
            k++;
            p *= rng.nextDouble();
        } while (p > EXP_MINUS_RATE);
        return k - 1;
    }

    /**
     * The exact large-sample variance of log(CVR estimate) for n users of an arm with CVR m, from the model above:
     * Var(R̂) = [μ m (1 − m) + v (λ + μ² − μ)] / (n μ²), μ = 1 + λ the mean exposures, v = m²/3 the variance of
     * the users' conversion probabilities; divided by m² for the log.
     */
    static double logCvrVariance(double m, int n) {
        double mu = 1 + EXPOSURE_RATE;
        double v = m * m / 3;
        double num = mu * m * (1 - m) + v * (EXPOSURE_RATE + mu * mu - mu);
        return num / (n * mu * mu) / (m * m);
    }
}
