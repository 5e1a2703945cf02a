package io.hsrl.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** How far a training run is. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TrainingProgress {
    @JsonPropertyDescription("Iterations done.")
    public Long iteration;
    @JsonPropertyDescription("Iterations in all.")
    public Long total;
    @JsonPropertyDescription("Percent done, 0..100.")
    public Double percent;
    @JsonPropertyDescription("Estimated seconds left.")
    public Long etaSeconds;
    @JsonPropertyDescription("Iterations per second, recent.")
    public Double iterationsPerSecond;
}
