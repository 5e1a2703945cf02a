package io.hsrl.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What is being served and where. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HsrlServingStatus extends BaseStatus {
    @JsonPropertyDescription("The resolved model manifest URI.")
    public String modelUri;
    @JsonPropertyDescription("Short name of the model: the HsrlTraining's name, or the last segments of the checkpoint URI (modelUri has all of it).")
    public String model;
    @JsonPropertyDescription("SHA-256 of the model manifest; part of the pod template, so a new model rolls out.")
    public String modelSha256;
    @JsonPropertyDescription("The SemanticIndex the model was trained with.")
    public String semanticIndex;
    @JsonPropertyDescription("Replicas wanted.")
    public Integer replicas;
    @JsonPropertyDescription("Replicas ready (model loaded).")
    public Integer readyReplicas;
    @JsonPropertyDescription("In-cluster URL of the recommend API.")
    public String endpoint;
}
