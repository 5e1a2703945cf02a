package io.hsrl.api.v1alpha1;

import io.hsrl.contracts.TrainInvocation;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** The user-response model: fitted on the logs by the trainer, or loaded from a URI. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SimulatorSpec {
    @Size(max = HsrlApi.MAX_URI)
    @Pattern("^(s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/.+|/.+)$")
    @JsonPropertyDescription("URI of a fitted user-response model; when empty the trainer fits one on spec.data first.")
    public String uri;

    @Min(1)
    @Max(100)
    @Default("" + TrainInvocation.DEFAULT_SIMULATOR_EPOCHS)
    @JsonPropertyDescription("Training epochs of the user-response model (reference: 2).")
    public Integer epochs = TrainInvocation.DEFAULT_SIMULATOR_EPOCHS;

    @Min(0)
    @Max(1)
    @Default("0.001")
    @JsonPropertyDescription("Learning rate of the user-response model (reference: 1e-3).")
    public Double learningRate = TrainInvocation.DEFAULT_SIMULATOR_LEARNING_RATE;

    @Min(0)
    @Max(1)
    @Default("0.0003")
    @JsonPropertyDescription("L2 coefficient of the user-response model (reference: 3e-4).")
    public Double l2 = TrainInvocation.DEFAULT_SIMULATOR_L2;
}
