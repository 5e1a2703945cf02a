package io.hsrl.ab.stats;

import io.hsrl.api.v1alpha1.Decision;

import java.util.List;
import java.util.Map;

/**
 * The statistics of an experiment at one moment, and what they say to do.
 *
 * @param changes   every metric's change (CUPED-adjusted where the design asks and covariates exist); a metric is
 *                  absent while undefined in an arm
 * @param primary   the decision metric
 * @param power     the primary metric's power and users-needed estimate; null while undefined
 */
public record ExperimentAnalysis(ArmAggregate control, ArmAggregate treatment, RatioMetric primary,
        Map<RatioMetric, RelativeChange> changes, List<GuardrailResult> guardrails, SampleRatio sampleRatio,
        boolean enoughUsers, boolean significant, Decision decision, String summary, String method,
        double confidence, Power power) {

    /** The decision metric's change; null while undefined. */
    public RelativeChange primaryChange() {
        return changes.get(primary);
    }

    /** CVR per exposure's change, whatever the decision metric; null while undefined. */
    public RelativeChange cvrLift() {
        return changes.get(RatioMetric.CVR);
    }

    /** Cost per exposure's change; null while undefined. */
    public RelativeChange costDelta() {
        return changes.get(RatioMetric.COST_PER_EXPOSURE);
    }

    /** Whether the decision metric moved the good way (up for rates, down for costs). */
    public boolean improved() {
        RelativeChange c = primaryChange();
        return c != null && (primary.higherIsBetter() ? c.logRatio() > 0 : c.logRatio() < 0);
    }

    public boolean guardrailsHold() {
        return guardrails.stream().allMatch(g -> g.state() == GuardrailResult.State.HOLDS);
    }

    public boolean guardrailBreached() {
        return guardrails.stream().anyMatch(g -> g.state() == GuardrailResult.State.BREACHED);
    }

    ExperimentAnalysis withSummary(String s) {
        return new ExperimentAnalysis(control, treatment, primary, changes, guardrails, sampleRatio, enoughUsers,
                significant, decision, s, method, confidence, power);
    }

    /** The same numbers with another decision (a conclusion kept from an earlier look), summary rewritten. */
    public ExperimentAnalysis withDecision(Decision d, ExperimentDesign design) {
        ExperimentAnalysis a = new ExperimentAnalysis(control, treatment, primary, changes, guardrails, sampleRatio,
                enoughUsers, significant, d, null, method, confidence, power);
        return a.withSummary(ExperimentStatistics.summary(a, design));
    }
}
