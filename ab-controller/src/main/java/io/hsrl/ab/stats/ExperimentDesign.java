package io.hsrl.ab.stats;

import io.hsrl.api.v1alpha1.GuardrailMetric;

import java.time.Duration;
import java.util.List;

/**
 * The statistical rules of one experiment, as the spec states them.
 *
 * @param treatmentPercent configured share of users in the treatment (the SRM test's expectation)
 * @param mixtureVariance  τ² of the sequential test's normal mixture, on the log-lift scale
 * @param srmMinUsersPerArm the SRM test runs only when both arms have at least this many users
 */
public record ExperimentDesign(double treatmentPercent, double alpha, long minUsersPerArm, Duration maxDuration,
        boolean sequential, double mixtureVariance, List<GuardrailLimit> guardrails, String primaryName,
        String costName, long srmMinUsersPerArm) {

    /** τ = 0.1: the mixture puts most weight on lifts within about ±20%, the range A/B tests of policies see. */
    public static final double DEFAULT_MIXTURE_VARIANCE = 0.01;
    public static final long DEFAULT_SRM_MIN_USERS = 100;

    public ExperimentDesign {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1), was " + alpha);
        }
        if (treatmentPercent < 0 || treatmentPercent > 100) {
            throw new IllegalArgumentException("treatmentPercent must be in [0, 100], was " + treatmentPercent);
        }
        guardrails = List.copyOf(guardrails);
    }

    /** The design with the defaults of the spec (CVR and cost, 50/50, α = 0.05, sequential). */
    public static ExperimentDesign defaults() {
        return new ExperimentDesign(50, 0.05, 1000, Duration.ofDays(7), true, DEFAULT_MIXTURE_VARIANCE, List.of(),
                "CVR", "cost", DEFAULT_SRM_MIN_USERS);
    }

    public ExperimentDesign withSequential(boolean s) {
        return new ExperimentDesign(treatmentPercent, alpha, minUsersPerArm, maxDuration, s, mixtureVariance,
                guardrails, primaryName, costName, srmMinUsersPerArm);
    }

    public ExperimentDesign withGuardrails(List<GuardrailLimit> g) {
        return new ExperimentDesign(treatmentPercent, alpha, minUsersPerArm, maxDuration, sequential, mixtureVariance,
                g, primaryName, costName, srmMinUsersPerArm);
    }

    public ExperimentDesign withMinUsersPerArm(long m) {
        return new ExperimentDesign(treatmentPercent, alpha, m, maxDuration, sequential, mixtureVariance,
                guardrails, primaryName, costName, srmMinUsersPerArm);
    }

    public ExperimentDesign withTreatmentPercent(double p) {
        return new ExperimentDesign(p, alpha, minUsersPerArm, maxDuration, sequential, mixtureVariance,
                guardrails, primaryName, costName, srmMinUsersPerArm);
    }

    public Inference inference() {
        return Inference.of(sequential, mixtureVariance);
    }

    /** A bound on a cost metric's relative increase, percent. */
    public record GuardrailLimit(GuardrailMetric metric, double maxRelativeIncreasePercent) {
        public RatioMetric ratioMetric() {
            return switch (metric) {
                case COST -> RatioMetric.COST_PER_EXPOSURE;
                case COST_PER_USER -> RatioMetric.COST_PER_USER;
                case COST_PER_CONVERSION -> RatioMetric.COST_PER_CONVERSION;
            };
        }
    }
}
