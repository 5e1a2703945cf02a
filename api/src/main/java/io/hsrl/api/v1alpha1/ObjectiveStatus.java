package io.hsrl.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** How the training stands against its objective, from the trainer's progress (recent training steps). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ObjectiveStatus {
    @JsonPropertyDescription("engagement or conversions.")
    public String type;
    @JsonPropertyDescription("The cost budget as written (conversions only).")
    public String costBudget;
    @JsonPropertyDescription("The cost per exposure allowed, resolved against the logging policy's.")
    public Double budgetCostPerExposure;
    @JsonPropertyDescription("The logging (behaviour) policy's cost per exposure on the training logs.")
    public Double behaviourCostPerExposure;
    @JsonPropertyDescription("The training policy's conversions per exposure, recent.")
    public Double conversionsPerExposure;
    @JsonPropertyDescription("The training policy's cost per exposure, recent.")
    public Double costPerExposure;
    @JsonPropertyDescription("The training policy's clicks per exposure, recent.")
    public Double clicksPerExposure;
    @JsonPropertyDescription("λ ≥ 0, the Lagrange multiplier of the cost constraint: conversions one unit of cost is worth (conversions only).")
    public Double lambda;
    @JsonPropertyDescription("Whether the recent cost per exposure is within the budget (conversions with a budget only).")
    public Boolean budgetHolds;
}
