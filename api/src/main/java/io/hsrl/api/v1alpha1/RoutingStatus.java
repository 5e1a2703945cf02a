package io.hsrl.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What the router is doing now (may differ from the spec after an auto-promotion). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RoutingStatus {
    @JsonPropertyDescription("Percent of users routed to the treatment right now.")
    public Integer effectiveTreatmentPercent;
    @JsonPropertyDescription("Whether the treatment was promoted to 100%.")
    public Boolean promoted;
    @JsonPropertyDescription("Requests for the treatment answered by the control because the treatment failed.")
    public Long fallbacks;
    @JsonPropertyDescription("Endpoint of the control arm.")
    public String controlEndpoint;
    @JsonPropertyDescription("Endpoint of the treatment arm.")
    public String treatmentEndpoint;
}
