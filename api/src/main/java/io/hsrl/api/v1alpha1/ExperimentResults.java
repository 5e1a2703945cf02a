package io.hsrl.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.util.List;

/** Treatment-versus-control results with their uncertainty. Percentages are relative to control. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExperimentResults {
    @JsonPropertyDescription("The decision metric (spec.metrics.primary).")
    public String primaryMetric;
    @JsonPropertyDescription("Relative lift of CVR per exposure (treatment / control - 1), percent.")
    public Double cvrLiftPercent;
    @JsonPropertyDescription("Lower bound of the CVR lift's interval, percent.")
    public Double cvrLiftLow;
    @JsonPropertyDescription("Upper bound of the CVR lift's interval, percent.")
    public Double cvrLiftHigh;
    @JsonPropertyDescription("Relative change of cost per exposure, percent.")
    public Double costDeltaPercent;
    @JsonPropertyDescription("Lower bound of the cost change's interval, percent.")
    public Double costDeltaLow;
    @JsonPropertyDescription("Upper bound of the cost change's interval, percent.")
    public Double costDeltaHigh;
    @JsonPropertyDescription("Every metric: both arms, the change and its interval.")
    public List<MetricResult> metrics;
    @JsonPropertyDescription("p-value of the decision metric's change (always-valid when sequential).")
    public Double pValue;
    @JsonPropertyDescription("Variance of the decision metric's change removed by CUPED, percent; absent when no covariate was used.")
    public Double varianceReductionPercent;
    @JsonPropertyDescription("Probability that the test detects a change of spec.minDetectableEffect at the current size.")
    public Double power;
    @JsonPropertyDescription("Users in the smaller arm at which that probability reaches spec.targetPower (estimated from the current variance).")
    public Long usersNeededPerArm;
    @JsonPropertyDescription("Users still to come in the smaller arm for that (0 when there are enough).")
    public Long usersStillNeededPerArm;
    @JsonPropertyDescription("p-value of the sample-ratio-mismatch chi-square test.")
    public Double srmPValue;
    @JsonPropertyDescription("Which inference produced the numbers: sequential (mSPRT / confidence sequence) or fixedHorizon.")
    public String method;
    @JsonPropertyDescription("Confidence level of the intervals, e.g. 0.95.")
    public Double confidence;
}
