package io.hsrl.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Counters and rates of one arm. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ArmStatus {
    @JsonPropertyDescription("Users assigned to the arm that were exposed at least once.")
    public Long users;
    @JsonPropertyDescription("Slates served (exposures).")
    public Long exposures;
    @JsonPropertyDescription("Clicks.")
    public Long clicks;
    @JsonPropertyDescription("Conversions.")
    public Long conversions;
    @JsonPropertyDescription("Total cost.")
    public Double cost;
    @JsonPropertyDescription("Conversions per exposure.")
    public Double cvr;
    @JsonPropertyDescription("Cost per user.")
    public Double costPerUser;
    @JsonPropertyDescription("Cost per conversion.")
    public Double costPerConversion;
}
