package io.hsrl.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.hsrl.contracts.Algorithm;
import io.hsrl.contracts.PolicyMode;
import io.hsrl.contracts.TrainInvocation;

/** What to train, on what, and with which resources. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HsrlTrainingSpec extends LenientlyReadSpec {
    @Required
    @JsonPropertyDescription("The SemanticIndex (same namespace) whose SIDs the policy acts in; training waits until it is Ready.")
    public LocalObjectReference semanticIndexRef;

    @Required
    @JsonPropertyDescription("Logged interactions: where and in which format.")
    public InteractionData data;

    @JsonPropertyDescription("The user-response model used as the environment.")
    public SimulatorSpec simulator = new SimulatorSpec();

    @Default("hsrl")
    @JsonPropertyDescription("Agent: hsrl, or a baseline (a2c, sl, random, popular, ddpg).")
    public Algorithm algorithm = Algorithm.DEFAULT;

    @Default("hsrl")
    @JsonPropertyDescription("hsrl (the paper's method, bugs fixed) or reference (behaviour-compatible with the released code).")
    public PolicyMode mode = PolicyMode.DEFAULT;

    @JsonPropertyDescription("Hyper-parameters; defaults are the reference's RL4RS values.")
    public HyperParameters hyperParameters = new HyperParameters();

    @JsonPropertyDescription("What the agent maximises: engagement (default) or conversions under a cost budget.")
    public TrainingObjective objective = new TrainingObjective();

    @Min(1)
    @Max(100000000)
    @Default("" + TrainInvocation.DEFAULT_ITERATIONS)
    @JsonPropertyDescription("Training iterations (one environment step and one gradient step each).")
    public Integer iterations = TrainInvocation.DEFAULT_ITERATIONS;

    @Min(1)
    @Max(100000000)
    @Default("" + TrainInvocation.DEFAULT_CHECKPOINT_EVERY)
    @JsonPropertyDescription("Iterations between checkpoints; a killed run loses at most this much work.")
    public Integer checkpointEvery = TrainInvocation.DEFAULT_CHECKPOINT_EVERY;

    @Min(0)
    @Max(HsrlApi.MAX_SEED)
    @Default("" + TrainInvocation.DEFAULT_SEED)
    @JsonPropertyDescription("Random seed of the run.")
    public Long seed = TrainInvocation.DEFAULT_SEED;

    @Min(0)
    @Max(8)
    @Default("1")
    @JsonPropertyDescription("GPUs for the trainer pod (nvidia.com/gpu); 0 trains on CPU.")
    public Integer gpus = 1;

    @Default("false")
    @JsonPropertyDescription("true stops the run (the Job is deleted, checkpoints are kept); false resumes from the newest checkpoint.")
    public Boolean suspend = false;

    @Min(1)
    @Max(HsrlApi.MAX_DEADLINE_SECONDS)
    @JsonPropertyDescription("Seconds the run may take in all; past it the training fails with reason DeadlineExceeded.")
    public Long activeDeadlineSeconds;

    @Min(0)
    @Max(20)
    @Default("2")
    @JsonPropertyDescription("Retries of the trainer pod before the training is Failed.")
    public Integer backoffLimit = 2;

    @Default("Retain")
    @JsonPropertyDescription("Retain (default) keeps checkpoints and the model when the resource is deleted; Delete removes them. "
            + "When they cannot be removed (the object store is unreachable) the deletion waits, retrying, with status.state "
            + "Deleting and the reason; the annotation hsrl.io/abandon-artifacts: \"true\" lets it finish and leaves them.")
    public ArtifactPolicy artifacts = ArtifactPolicy.Retain;

    @JsonPropertyDescription("Object-store credentials and bucket.")
    public ObjectStoreRef objectStore;

    @JsonPropertyDescription("Overrides for the trainer pod.")
    public PodOverrides pod;
}
