package io.hsrl.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** Agent hyper-parameters; defaults are the reference's RL4RS values (hsrl-reference.md §9.1). */
public class HyperParameters {
    @Min(0) @Max(1) @Default("0.001") @JsonPropertyDescription("Actor learning rate.")
    public Double actorLr = 1e-3;
    @Min(0) @Max(1) @Default("0.001") @JsonPropertyDescription("Critic learning rate.")
    public Double criticLr = 1e-3;
    @Min(0) @Max(1) @Default("0.00001") @JsonPropertyDescription("Actor weight decay (coupled L2, as torch Adam).")
    public Double actorDecay = 1e-5;
    @Min(0) @Max(1) @Default("0.00001") @JsonPropertyDescription("Critic weight decay (coupled L2, as torch Adam).")
    public Double criticDecay = 1e-5;
    @Min(0) @Max(1) @Default("0.9") @JsonPropertyDescription("Discount factor gamma.")
    public Double gamma = 0.9;
    @Min(0) @Max(100) @Default("0.1") @JsonPropertyDescription("Entropy bonus coefficient.")
    public Double entropyCoef = 0.1;
    @Min(0) @Max(1) @Default("0.01") @JsonPropertyDescription("Polyak coefficient of the target networks.")
    public Double targetMitigateCoef = 0.01;
    @Min(1) @Max(4096) @Default("32") @JsonPropertyDescription("Parallel user sessions in the environment (B).")
    public Integer episodeBatchSize = 32;
    @Min(1) @Max(65536) @Default("64") @JsonPropertyDescription("Replay minibatch size (M).")
    public Integer batchSize = 64;
    @Min(1) @Max(100000000) @Default("100000") @JsonPropertyDescription("Replay buffer capacity (transitions).")
    public Integer bufferSize = 100000;
    @Min(0) @Max(100000000) @Default("2000") @JsonPropertyDescription("Transitions stored before training starts (warm-up).")
    public Integer startTimestamp = 2000;
    @Min(1) @Max(100) @Default("9") @JsonPropertyDescription("Slate size K.")
    public Integer slateSize = 9;
    @Min(1) @Max(1000) @Default("20") @JsonPropertyDescription("Initial user patience (temper).")
    public Integer initialTemper = 20;
    @Min(1) @Max(1000) @Default("50") @JsonPropertyDescription("History length H.")
    public Integer maxSeqLen = 50;
    @Min(1) @Max(4096) @Default("32") @JsonPropertyDescription("Policy width d.")
    public Integer dModel = 32;
    @Min(1) @Max(64) @Default("4") @JsonPropertyDescription("Attention heads of the state encoder.")
    public Integer nHead = 4;
    @Min(1) @Max(24) @Default("2") @JsonPropertyDescription("Encoder layers.")
    public Integer nLayer = 2;
    @Min(1) @Max(65536) @Default("128") @JsonPropertyDescription("Encoder feed-forward width.")
    public Integer dForward = 128;
    @Min(0) @Max(1) @Default("0.1") @JsonPropertyDescription("Encoder dropout.")
    public Double dropout = 0.1;
    @Min(0) @Max(1) @Default("0") @JsonPropertyDescription("Behaviour loss on the clicks observed on replayed slates, a separate Adam over the "
            + "actor (the reference's ML1M agent: 1e-3 or 1e-2); 0 = off (its RL4RS agent).")
    public Double behaviorLr = 0.0;
    @Pattern("^(replay|logs|conversions)$") @Size(max = 16) @Default("replay")
    @JsonPropertyDescription("hsrl mode with behaviorLr > 0: what the behaviour loss clones: replay (the clicked items of the "
            + "replayed slates), logs (the clicked items of the logged training slates, as sl learns from) or conversions "
            + "(the converted items of the logged training slates; logs with conversions).")
    public String behaviorSource = "replay";
    @Min(0) @Max(0.99) @Default("0.5")
    @JsonPropertyDescription("hsrl mode: each token level's entropy coefficient is lowered while the level's entropy is above "
            + "this fraction of ln(vocabulary) and raised below it, at most entropyCoef; 0 = one coefficient for every level.")
    public Double entropyTarget = 0.5;
    @Min(0) @Max(100) @Default("1")
    @JsonPropertyDescription("hsrl mode: each token head starts from the items its tokens stand for (a token's first logit is "
            + "the state's similarity to its items), rows of this norm; 0 = the heads start as drawn, near uniform.")
    public Double groundTokens = 1.0;
}
