package io.hsrl.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

/**
 * Display names of the primary and cost metrics on status and events. The numbers are always conversions per
 * exposure and cost; the paper's second version calls the same numbers ADVV and Revenue.
 */
public class MetricNames {
    @Default("CVR")
    @Size(max = 32)
    @Pattern("^[A-Za-z][A-Za-z0-9_ -]{0,31}$")
    @JsonPropertyDescription("Name shown for the primary metric (conversions / exposures).")
    public String primary = "CVR";

    @Default("cost")
    @Size(max = 32)
    @Pattern("^[A-Za-z][A-Za-z0-9_ -]{0,31}$")
    @JsonPropertyDescription("Name shown for the cost metric.")
    public String cost = "cost";
}
