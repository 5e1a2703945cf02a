package io.hsrl.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Treatment-versus-control results with their uncertainty. Percentages are relative to control. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExperimentResults {
    @JsonPropertyDescription("Relative lift of CVR (treatment / control - 1), percent.")
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
    @JsonPropertyDescription("p-value of the CVR difference (always-valid when sequential).")
    public Double pValue;
    @JsonPropertyDescription("p-value of the sample-ratio-mismatch chi-square test.")
    public Double srmPValue;
    @JsonPropertyDescription("Which inference produced the numbers: sequential (mSPRT / confidence sequence) or fixedHorizon.")
    public String method;
    @JsonPropertyDescription("Confidence level of the intervals, e.g. 0.95.")
    public Double confidence;
}
