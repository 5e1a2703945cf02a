package io.hsrl.ab.experiment;

import io.hsrl.ab.stats.ExperimentDesign;
import io.hsrl.ab.stats.RatioMetric;
import io.hsrl.api.v1alpha1.AbExperimentSpec;
import io.hsrl.api.v1alpha1.Guardrail;
import io.hsrl.api.v1alpha1.MetricNames;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The validate phase of an AbExperiment: what the schema cannot say (or what a server without validation let
 * through), turned into the experiment's design. Unset fields take the spec type's own defaults.
 */
final class ExperimentValidator {
    /** The spec's defaults, from the type itself. */
    private static final AbExperimentSpec DEFAULTS = new AbExperimentSpec();

    private ExperimentValidator() {
    }

    /** The design the spec asks for; an {@link IllegalArgumentException} naming the field when it cannot be. */
    static ExperimentDesign design(AbExperimentSpec spec) {
        if (spec == null || spec.control == null || spec.control.servingRef == null || spec.control.servingRef.name == null) {
            throw new IllegalArgumentException("spec.control.servingRef.name is required");
        }
        if (spec.treatment == null || spec.treatment.servingRef == null || spec.treatment.servingRef.name == null) {
            throw new IllegalArgumentException("spec.treatment.servingRef.name is required");
        }
        if (spec.control.servingRef.name.equals(spec.treatment.servingRef.name)) {
            throw new IllegalArgumentException("spec.treatment.servingRef.name must differ from the control's");
        }
        int treatmentPercent = spec.treatmentPercent == null ? DEFAULTS.treatmentPercent : spec.treatmentPercent;
        if (treatmentPercent < 0 || treatmentPercent > 100) {
            throw new IllegalArgumentException("spec.treatmentPercent must be 0 to 100, was " + treatmentPercent);
        }
        double alpha = spec.alpha == null ? DEFAULTS.alpha : spec.alpha;
        if (!(alpha > 0 && alpha <= 0.5)) {
            throw new IllegalArgumentException("spec.alpha must be in (0, 0.5], was " + alpha);
        }
        Duration max;
        try {
            max = GoDuration.parse(spec.maxDuration == null ? DEFAULTS.maxDuration : spec.maxDuration);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("spec.maxDuration: " + e.getMessage());
        }
        List<ExperimentDesign.GuardrailLimit> limits = new ArrayList<>();
        for (int i = 0; i < (spec.guardrails == null ? 0 : spec.guardrails.size()); i++) {
            Guardrail g = spec.guardrails.get(i);
            String at = "spec.guardrails[" + i + "]";
            if (g == null || g.metric == null) {
                throw new IllegalArgumentException(at + ".metric is required");
            }
            if (g.maxRelativeIncrease == null && g.maxRelativeDecrease == null) {
                throw new IllegalArgumentException(at + ": maxRelativeIncrease or maxRelativeDecrease is required");
            }
            double inc = bounded(g.maxRelativeIncrease, at + ".maxRelativeIncrease", 1000);
            double dec = bounded(g.maxRelativeDecrease, at + ".maxRelativeDecrease", 100);
            limits.add(new ExperimentDesign.GuardrailLimit(g.metric, inc, dec));
        }
        long minUsers = spec.minUsersPerArm == null ? DEFAULTS.minUsersPerArm : spec.minUsersPerArm;
        MetricNames metrics = spec.metrics == null ? DEFAULTS.metrics : spec.metrics;
        RatioMetric primary = ExperimentDesign.metricOf(metrics.primary == null ? DEFAULTS.metrics.primary : metrics.primary);
        String primaryName = metrics.primaryName == null || metrics.primaryName.isBlank() ? primary.displayName()
                : metrics.primaryName;
        String cost = metrics.cost == null ? DEFAULTS.metrics.cost : metrics.cost;
        double mde = spec.minDetectableEffect == null ? DEFAULTS.minDetectableEffect
                : bounded(spec.minDetectableEffect, "spec.minDetectableEffect", 1000);
        double power = spec.targetPower == null ? DEFAULTS.targetPower : spec.targetPower;
        if (!(power >= 0.5 && power <= 0.99)) {
            throw new IllegalArgumentException("spec.targetPower must be 0.5 to 0.99, was " + power);
        }
        if (!(mde > 0)) {
            throw new IllegalArgumentException("spec.minDetectableEffect must be > 0, was " + mde);
        }
        return new ExperimentDesign(treatmentPercent, alpha, Math.max(1, minUsers), max,
                !Boolean.FALSE.equals(spec.sequential == null ? DEFAULTS.sequential : spec.sequential),
                ExperimentDesign.DEFAULT_MIXTURE_VARIANCE, limits, primary, primaryName, cost,
                ExperimentDesign.DEFAULT_SRM_MIN_USERS, spec.cuped == null ? DEFAULTS.cuped : spec.cuped, mde, power);
    }

    /** NaN for null; the value when finite and in [0, max]; otherwise an error naming the field. */
    private static double bounded(Double v, String field, double max) {
        if (v == null) {
            return Double.NaN;
        }
        if (!(v >= 0 && v <= max)) {
            throw new IllegalArgumentException(field + " must be 0 to " + (long) max + ", was " + v);
        }
        return v;
    }

}
