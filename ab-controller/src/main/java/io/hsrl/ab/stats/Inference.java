package io.hsrl.ab.stats;

/**
 * How an estimate θ̂ with variance V becomes an interval and a p-value. Two ways: the classical fixed-horizon test,
 * valid when looked at once, and an always-valid mixture test, valid however often it is looked at.
 */
public sealed interface Inference permits Inference.FixedHorizon, Inference.MixtureSequential {

    /** Half-width of the (1 − α) interval around θ̂. */
    double halfWidth(double variance, double alpha);

    /** p-value of θ = 0 (two-sided). */
    double pValue(double estimate, double variance);

    /** Name shown on the status ({@code results.method}). */
    String method();

    static Inference of(boolean sequential, double mixtureVariance) {
        return sequential ? new MixtureSequential(mixtureVariance) : new FixedHorizon();
    }

    /** z-interval and z-test: exact coverage at one look, inflated error when peeked at repeatedly. */
    record FixedHorizon() implements Inference {
        @Override
        public double halfWidth(double variance, double alpha) {
            return NormalDistribution.quantile(1 - alpha / 2) * Math.sqrt(variance);
        }

        @Override
        public double pValue(double estimate, double variance) {
            return NormalDistribution.twoSidedP(estimate / Math.sqrt(variance));
        }

        @Override
        public String method() {
            return "fixedHorizon";
        }
    }

    /**
     * The mixture sequential probability ratio test with a normal mixture N(0, τ²) over the effect (Johari, Pekelis,
     * Walsh, "Always valid inference", 2017; the asymptotic form of Howard et al. 2021 with a plug-in variance):
     * Λ = sqrt(V / (V + τ²)) · exp(θ̂² τ² / (2 V (V + τ²))). Under θ = 0, Λ is a non-negative martingale, so
     * P(sup Λ ≥ 1/α) ≤ α (Ville): the test may be evaluated at every update. The confidence sequence is the set of
     * θ₀ not rejected. τ² is on the scale of the estimate (log lift here): τ = 0.1 expects effects near 10%.
     */
    record MixtureSequential(double mixtureVariance) implements Inference {
        public MixtureSequential {
            if (!(mixtureVariance > 0)) {
                throw new IllegalArgumentException("mixture variance must be > 0, was " + mixtureVariance);
            }
        }

        @Override
        public double halfWidth(double variance, double alpha) {
            double t = mixtureVariance;
            return Math.sqrt(variance * (variance + t) / t * (2 * Math.log(1 / alpha) + Math.log((variance + t) / variance)));
        }

        @Override
        public double pValue(double estimate, double variance) {
            double t = mixtureVariance;
            double logLambda = 0.5 * Math.log(variance / (variance + t))
                    + estimate * estimate * t / (2 * variance * (variance + t));
            return Math.min(1.0, Math.exp(-logLambda));
        }

        @Override
        public String method() {
            return "sequential";
        }
    }
}
