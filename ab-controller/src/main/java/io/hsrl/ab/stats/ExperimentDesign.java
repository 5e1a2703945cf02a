package io.hsrl.ab.stats;

import io.hsrl.ab.experiment.GoDuration;
import io.hsrl.api.v1alpha1.AbExperimentSpec;
import io.hsrl.api.v1alpha1.GuardrailMetric;
import io.hsrl.api.v1alpha1.PrimaryMetric;

import java.time.Duration;
import java.util.List;

/**
 * The statistical rules of one experiment, as the spec states them.
 *
 * @param treatmentPercent configured share of users in the treatment (the SRM test's expectation)
 * @param mixtureVariance  τ² of the sequential test's normal mixture, on the log-lift scale
 * @param primary          the decision metric
 * @param primaryName      its name in the summary
 * @param costName         the name of cost per exposure in the summary
 * @param srmMinUsersPerArm the SRM test runs only when both arms have at least this many users
 * @param cuped            adjust every change with the users' pre-experiment covariate where known
 * @param minDetectableEffectPercent the change the power and users-needed estimates are for
 * @param targetPower      the power the users-needed estimate aims at
 */
public record ExperimentDesign(double treatmentPercent, double alpha, long minUsersPerArm, Duration maxDuration,
        boolean sequential, double mixtureVariance, List<GuardrailLimit> guardrails, RatioMetric primary,
        String primaryName, String costName, long srmMinUsersPerArm, boolean cuped,
        double minDetectableEffectPercent, double targetPower) {

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
        if (!(targetPower > 0 && targetPower < 1)) {
            throw new IllegalArgumentException("targetPower must be in (0, 1), was " + targetPower);
        }
        guardrails = List.copyOf(guardrails);
    }

    /** The design with the defaults of the spec, read from the spec type itself. */
    public static ExperimentDesign defaults() {
        AbExperimentSpec d = new AbExperimentSpec();
        RatioMetric primary = metricOf(d.metrics.primary);
        return new ExperimentDesign(d.treatmentPercent, d.alpha, d.minUsersPerArm, GoDuration.parse(d.maxDuration),
                d.sequential, DEFAULT_MIXTURE_VARIANCE, List.of(), primary, primary.displayName(), d.metrics.cost,
                DEFAULT_SRM_MIN_USERS, d.cuped, d.minDetectableEffect, d.targetPower);
    }

    public ExperimentDesign withSequential(boolean s) {
        return new ExperimentDesign(treatmentPercent, alpha, minUsersPerArm, maxDuration, s, mixtureVariance,
                guardrails, primary, primaryName, costName, srmMinUsersPerArm, cuped, minDetectableEffectPercent,
                targetPower);
    }

    public ExperimentDesign withGuardrails(List<GuardrailLimit> g) {
        return new ExperimentDesign(treatmentPercent, alpha, minUsersPerArm, maxDuration, sequential, mixtureVariance,
                g, primary, primaryName, costName, srmMinUsersPerArm, cuped, minDetectableEffectPercent, targetPower);
    }

    public ExperimentDesign withMinUsersPerArm(long m) {
        return new ExperimentDesign(treatmentPercent, alpha, m, maxDuration, sequential, mixtureVariance,
                guardrails, primary, primaryName, costName, srmMinUsersPerArm, cuped, minDetectableEffectPercent,
                targetPower);
    }

    public ExperimentDesign withTreatmentPercent(double p) {
        return new ExperimentDesign(p, alpha, minUsersPerArm, maxDuration, sequential, mixtureVariance,
                guardrails, primary, primaryName, costName, srmMinUsersPerArm, cuped, minDetectableEffectPercent,
                targetPower);
    }

    public ExperimentDesign withPrimary(RatioMetric m, String name) {
        return new ExperimentDesign(treatmentPercent, alpha, minUsersPerArm, maxDuration, sequential, mixtureVariance,
                guardrails, m, name, costName, srmMinUsersPerArm, cuped, minDetectableEffectPercent, targetPower);
    }

    public ExperimentDesign withCuped(boolean c) {
        return new ExperimentDesign(treatmentPercent, alpha, minUsersPerArm, maxDuration, sequential, mixtureVariance,
                guardrails, primary, primaryName, costName, srmMinUsersPerArm, c, minDetectableEffectPercent,
                targetPower);
    }

    public Inference inference() {
        return Inference.of(sequential, mixtureVariance);
    }

    /** The metric of the spec's decision metric. */
    public static RatioMetric metricOf(PrimaryMetric p) {
        return switch (p) {
            case CVR -> RatioMetric.CVR;
            case POST_CLICK_CVR -> RatioMetric.POST_CLICK_CVR;
            case CTR -> RatioMetric.CTR;
            case CPA -> RatioMetric.COST_PER_CONVERSION;
        };
    }

    /**
     * Bounds on a metric's relative change, percent: the increase bound and the decrease bound (NaN when absent;
     * 2 means the change must stay above −2%).
     */
    public record GuardrailLimit(GuardrailMetric metric, double maxRelativeIncreasePercent,
            double maxRelativeDecreasePercent) {
        /** An increase bound only (the cost guardrail's form). */
        public GuardrailLimit(GuardrailMetric metric, double maxRelativeIncreasePercent) {
            this(metric, maxRelativeIncreasePercent, Double.NaN);
        }

        public RatioMetric ratioMetric() {
            return switch (metric) {
                case COST -> RatioMetric.COST_PER_EXPOSURE;
                case COST_PER_USER -> RatioMetric.COST_PER_USER;
                case COST_PER_CONVERSION, CPA -> RatioMetric.COST_PER_CONVERSION;
                case CVR -> RatioMetric.CVR;
                case POST_CLICK_CVR -> RatioMetric.POST_CLICK_CVR;
                case CTR -> RatioMetric.CTR;
            };
        }
    }
}
