package io.hsrl.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Counters and rates of one arm; every rate is the ratio of the counters beside it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ArmStatus {
    @JsonPropertyDescription("Users assigned to the arm that were exposed at least once.")
    public Long users;
    @JsonPropertyDescription("Users whose pre-experiment history (the CUPED covariate) is known.")
    public Long covariateUsers;
    @JsonPropertyDescription("Slates served (exposures).")
    public Long exposures;
    @JsonPropertyDescription("Clicks.")
    public Long clicks;
    @JsonPropertyDescription("Conversions.")
    public Long conversions;
    @JsonPropertyDescription("Total cost.")
    public Double cost;
    @JsonPropertyDescription("Clicks per exposure (CTR).")
    public Double ctr;
    @JsonPropertyDescription("Conversions per click (post-click CVR).")
    public Double postClickCvr;
    @JsonPropertyDescription("Conversions per exposure.")
    public Double cvr;
    @JsonPropertyDescription("Cost per exposure.")
    public Double costPerExposure;
    @JsonPropertyDescription("Cost per user.")
    public Double costPerUser;
    @JsonPropertyDescription("Cost per conversion (CPA).")
    public Double costPerConversion;
}
