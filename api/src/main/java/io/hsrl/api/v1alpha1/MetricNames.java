package io.hsrl.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/**
 * The metric the experiment decides on, and the names its summary uses. The paper's second version calls
 * conversions per exposure and cost ADVV and Revenue.
 */
public class MetricNames {
    @Default("cvr")
    @JsonPropertyDescription("The decision metric: cvr (conversions per exposure), postClickCvr (conversions per click), ctr (clicks per exposure) or cpa (cost per conversion, lower is better).")
    public PrimaryMetric primary = PrimaryMetric.CVR;

    @Size(max = 32)
    @Pattern("^[A-Za-z][A-Za-z0-9_ -]{0,31}$")
    @JsonPropertyDescription("Name shown for the decision metric in the summary; by default the metric's own (CVR, post-click CVR, CTR, CPA).")
    public String primaryName;

    @Default("cost")
    @Size(max = 32)
    @Pattern("^[A-Za-z][A-Za-z0-9_ -]{0,31}$")
    @JsonPropertyDescription("Name shown for cost per exposure in the summary.")
    public String cost = "cost";
}
