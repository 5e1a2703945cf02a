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
