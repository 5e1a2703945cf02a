package io.hsrl.ab.stats;

import io.hsrl.api.v1alpha1.Decision;

import java.util.List;

/**
 * The statistics of an experiment at one moment, and what they say to do.
 *
 * @param cvrLift   null while CVR is undefined in an arm
 * @param costDelta change of cost per exposure; null while undefined
 */
public record ExperimentAnalysis(ArmAggregate control, ArmAggregate treatment, RatioMetric.Estimate controlCvr,
        RatioMetric.Estimate treatmentCvr, RelativeChange cvrLift, RelativeChange costDelta,
        List<GuardrailResult> guardrails, SampleRatio sampleRatio, boolean enoughUsers, boolean significant,
        Decision decision, String summary, String method, double confidence) {

    public boolean guardrailsHold() {
        return guardrails.stream().allMatch(g -> g.state() == GuardrailResult.State.HOLDS);
    }

    public boolean guardrailBreached() {
        return guardrails.stream().anyMatch(g -> g.state() == GuardrailResult.State.BREACHED);
    }
}
