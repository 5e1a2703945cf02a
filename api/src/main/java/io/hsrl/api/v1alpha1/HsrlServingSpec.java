package io.hsrl.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.hsrl.contracts.ServingEnvironment;

/** Which model to serve, and how. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HsrlServingSpec extends LenientlyReadSpec {
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
    @Default("" + ServingEnvironment.DEFAULT_SLATE_SIZE)
    @JsonPropertyDescription("Default slate size K of a recommendation (a request may ask for another).")
    public Integer slateSize = ServingEnvironment.DEFAULT_SLATE_SIZE;

    @Min(1)
    @Max(256)
    @Default("" + ServingEnvironment.DEFAULT_BEAM_WIDTH)
    @JsonPropertyDescription("Beam width of constrained SID decoding (hsrl mode).")
    public Integer beamWidth = ServingEnvironment.DEFAULT_BEAM_WIDTH;

    @JsonPropertyDescription("Object-store credentials and bucket.")
    public ObjectStoreRef objectStore;

    @JsonPropertyDescription("Overrides for the serving pods.")
    public PodOverrides pod;
}
