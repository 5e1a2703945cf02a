package io.hsrl.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/** Which model to serve, and how. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HsrlServingSpec {
    @Required
    @JsonPropertyDescription("The model: trainingRef or checkpointUri (exactly one).")
    public ModelSource model;

    @Min(0)
    @Max(1000)
    @Default("1")
    @JsonPropertyDescription("Replicas when autoscaling is not set.")
    public Integer replicas = 1;

    @JsonPropertyDescription("When set, a HorizontalPodAutoscaler scales the Deployment on CPU; replicas is then ignored.")
    public Autoscaling autoscaling;

    @Min(1)
    @Max(100)
    @Default("10")
    @JsonPropertyDescription("Default slate size K of a recommendation (a request may ask for another).")
    public Integer slateSize = 10;

    @Min(1)
    @Max(256)
    @Default("16")
    @JsonPropertyDescription("Beam width of constrained SID decoding (hsrl mode).")
    public Integer beamWidth = 16;

    @JsonPropertyDescription("Object-store credentials and bucket.")
    public ObjectStoreRef objectStore;

    @JsonPropertyDescription("Overrides for the serving pods.")
    public PodOverrides pod;
}
