package io.hsrl.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.util.List;

/** Progress, metrics and results of a training run. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HsrlTrainingStatus extends BaseStatus {
    @JsonPropertyDescription("Human summary, derived from the conditions: Pending, Running, Complete, Failed, Suspended or Deleting.")
    public String state;
    @JsonPropertyDescription("How far the run is.")
    public TrainingProgress progress;
    @JsonPropertyDescription("Recent metrics.")
    public TrainingMetrics metrics;
    @JsonPropertyDescription("Conversions and cost per exposure, λ and whether the cost budget holds (recent).")
    public ObjectiveStatus objective;
    @JsonPropertyDescription("Published checkpoints, oldest first (the newest few).")
    public List<CheckpointRef> checkpoints;
    @JsonPropertyDescription("URI of the newest checkpoint manifest.")
    public String latestCheckpoint;
    @JsonPropertyDescription("URI of the checkpoint manifest with the highest reward.")
    public String bestCheckpoint;
    @JsonPropertyDescription("Average total reward of the newest metrics, to 3 significant digits (metrics.avgTotalReward has all of them).")
    public String reward;
    @JsonPropertyDescription("URI of the trained model's manifest (set when Complete).")
    public String modelUri;
    @JsonPropertyDescription("When the run started (RFC 3339).")
    public String startTime;
    @JsonPropertyDescription("When the run completed (RFC 3339).")
    public String completionTime;
    @JsonPropertyDescription("Name of the trainer Job.")
    public String jobName;
}
