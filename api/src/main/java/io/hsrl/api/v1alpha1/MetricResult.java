package io.hsrl.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One metric, treatment versus control. Percentages are relative to control. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MetricResult {
    @JsonPropertyDescription("ctr, postClickCvr, cvr, costPerExposure, cpa or costPerUser.")
    public String metric;
    @JsonPropertyDescription("The metric in the control arm (the ratio of its counters).")
    public Double control;
    @JsonPropertyDescription("The metric in the treatment arm.")
    public Double treatment;
    @JsonPropertyDescription("Estimated relative change, percent (CUPED-adjusted when varianceReductionPercent is set).")
    public Double deltaPercent;
    @JsonPropertyDescription("Lower bound of the change's interval, percent.")
    public Double low;
    @JsonPropertyDescription("Upper bound of the change's interval, percent.")
    public Double high;
    @JsonPropertyDescription("p-value of no change (always-valid when sequential).")
    public Double pValue;
    @JsonPropertyDescription("treatment / control - 1 from the counters, percent, without covariate adjustment.")
    public Double unadjustedDeltaPercent;
    @JsonPropertyDescription("Variance of the change removed by CUPED, percent; absent when not adjusted.")
    public Double varianceReductionPercent;
}
