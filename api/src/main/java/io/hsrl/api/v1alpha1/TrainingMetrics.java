package io.hsrl.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.util.List;

/** Recent training metrics reported by the trainer. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TrainingMetrics {
    @JsonPropertyDescription("Average total reward of recently finished episodes.")
    public Double avgTotalReward;
    @JsonPropertyDescription("Smallest total reward of recently finished episodes.")
    public Double minTotalReward;
    @JsonPropertyDescription("Largest total reward of recently finished episodes.")
    public Double maxTotalReward;
    @JsonPropertyDescription("Average depth (slates served before the user left) of recently finished episodes.")
    public Double avgDepth;
    @JsonPropertyDescription("Recent actor loss.")
    public Double actorLoss;
    @JsonPropertyDescription("Recent critic loss.")
    public Double criticLoss;
    @JsonPropertyDescription("Recent policy entropy (sum over levels).")
    public Double entropy;
    @JsonPropertyDescription("Per SID level, the critic's mean value V_l.")
    public List<Double> levelValues;
    @JsonPropertyDescription("Per SID level, the policy's mean entropy.")
    public List<Double> levelEntropies;
}
