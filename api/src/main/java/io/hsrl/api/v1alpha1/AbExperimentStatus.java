package io.hsrl.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Per-arm counts, results with intervals, and the decision. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AbExperimentStatus extends BaseStatus {
    @JsonPropertyDescription("Counters of the control arm.")
    public ArmStatus control;
    @JsonPropertyDescription("Counters of the treatment arm.")
    public ArmStatus treatment;
    @JsonPropertyDescription("Users in both arms.")
    public Long totalUsers;
    @JsonPropertyDescription("Treatment versus control.")
    public ExperimentResults results;
    @JsonPropertyDescription("Continue, PromoteTreatment, KeepControl or Inconclusive.")
    public Decision decision;
    @JsonPropertyDescription("The decision in words, with the numbers.")
    public String summary;
    @JsonPropertyDescription("What the router does now.")
    public RoutingStatus routing;
    @JsonPropertyDescription("When the experiment started (RFC 3339).")
    public String startTime;
    @JsonPropertyDescription("When the statistics were last updated (RFC 3339).")
    public String lastUpdate;
}
