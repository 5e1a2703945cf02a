package io.hsrl.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One published checkpoint. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CheckpointRef {
    @JsonPropertyDescription("Iteration at which it was written.")
    public Long iteration;
    @JsonPropertyDescription("URI of its manifest.")
    public String uri;
    @JsonPropertyDescription("Average total reward when it was written.")
    public Double reward;

    public CheckpointRef() {
    }

    public CheckpointRef(Long iteration, String uri, Double reward) {
        this.iteration = iteration;
        this.uri = uri;
        this.reward = reward;
    }
}
