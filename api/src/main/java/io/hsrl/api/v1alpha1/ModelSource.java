package io.hsrl.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** The model to serve: the result of an HsrlTraining, or a checkpoint manifest URI. Exactly one is set. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.trainingRef) != has(self.checkpointUri)",
        message = "set exactly one of model.trainingRef and model.checkpointUri")
public class ModelSource {
    @JsonPropertyDescription("An HsrlTraining in the same namespace; its status.modelUri is served once it is Complete.")
    public LocalObjectReference trainingRef;

    @Size(max = HsrlApi.MAX_URI)
    @Pattern("^(s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/.+|/.+)$")
    @JsonPropertyDescription("URI of a checkpoint manifest (latest.json or a checkpoint's manifest.json).")
    public String checkpointUri;
}
