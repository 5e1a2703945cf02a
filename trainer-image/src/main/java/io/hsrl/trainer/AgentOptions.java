package io.hsrl.trainer;

import io.hsrl.contracts.PolicyMode;
import io.hsrl.contracts.TrainInvocation;
import io.hsrl.core.agent.AgentConfig;
import io.hsrl.core.agent.BehaviorCloning;
import io.hsrl.core.agent.HsrlLearning;
import io.hsrl.core.agent.LatentActionConfig;
import io.hsrl.core.agent.ReferenceQuirks;
import picocli.CommandLine.Option;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The agent's hyper-parameters as command-line flags, named after the api's {@code HyperParameters} fields in
 * kebab-case; defaults are the reference implementation's RL4RS values.
 */
public class AgentOptions {
    @Option(names = TrainInvocation.MODE, defaultValue = PolicyMode.DEFAULT_VALUE,
            description = "hsrl or reference (the released code's policy and "
            + "losses, for comparison).")
    String mode;
    @Option(names = "--actor-lr", defaultValue = "0.001", description = "Actor learning rate (Adam).")
    double actorLr;
    @Option(names = "--critic-lr", defaultValue = "0.001", description = "Critic learning rate (Adam).")
    double criticLr;
    @Option(names = "--actor-decay", defaultValue = "0.00001", description = "Actor weight decay.")
    double actorDecay;
    @Option(names = "--critic-decay", defaultValue = "0.00001", description = "Critic weight decay.")
    double criticDecay;
    @Option(names = "--gamma", defaultValue = "0.9", description = "Discount factor.")
    double gamma;
    @Option(names = "--entropy-coef", defaultValue = "0.1", description = "Weight of the policy's entropy bonus.")
    double entropyCoef;
    @Option(names = "--target-mitigate-coef", defaultValue = "0.01", description = "Polyak rate of the target networks.")
    double targetMitigateCoef;
    @Option(names = "--advantage-bias", defaultValue = "0", description = "Constant added to every advantage.")
    double advantageBias;
    @Option(names = "--episode-batch-size", defaultValue = "32", description = "Simulated sessions stepped together.")
    int episodeBatchSize;
    @Option(names = "--batch-size", defaultValue = "64", description = "Replay minibatch size.")
    int batchSize;
    @Option(names = "--buffer-size", defaultValue = "100000", description = "Replay buffer capacity (transitions).")
    int bufferSize;
    @Option(names = "--start-timestamp", defaultValue = "2000", description = "Warm-up transitions with random slates "
            + "before the first gradient step.")
    int startTimestamp;
    @Option(names = "--slate-size", defaultValue = "9", description = "Items per slate K.")
    int slateSize;
    @Option(names = "--initial-temper", defaultValue = "20", description = "Initial temper of a simulated user (the "
            + "patience an episode starts with).")
    int initialTemper;
    @Option(names = "--max-seq-len", defaultValue = "50", description = "History length the state encoder reads.")
    int maxSeqLen;
    @Option(names = "--d-model", defaultValue = "32", description = "Width of the state encoder (transformer).")
    int dModel;
    @Option(names = "--n-head", defaultValue = "4", description = "Attention heads of the state encoder.")
    int nHead;
    @Option(names = "--n-layer", defaultValue = "2", description = "Transformer layers of the state encoder.")
    int nLayer;
    @Option(names = "--d-forward", defaultValue = "128", description = "Feed-forward width of the transformer layers.")
    int dForward;
    @Option(names = "--dropout", defaultValue = "0.1", description = "Dropout of the state encoder.")
    double dropout;
    @Option(names = "--critic-hidden-dims", defaultValue = "256,64", split = ",", description = "Hidden layer widths of "
            + "the critic, comma-separated.")
    int[] criticHiddenDims;
    @Option(names = "--critic-dropout", defaultValue = "0.2", description = "Dropout of the critic.")
    double criticDropout;
    @Option(names = "--sid-temperature", defaultValue = "1.0", description = "Softmax temperature of the Semantic-ID "
            + "token distributions.")
    double sidTemperature;
    @Option(names = "--beam-width", defaultValue = "0", description = "Beam width for greedy decoding (0 = the slate size).")
    int beamWidth;
    @Option(names = "--ddpg-noise", defaultValue = "0.1",
            description = "ddpg: standard deviation of the Gaussian exploration noise on the action vector.")
    double ddpgNoise;
    @Option(names = "--alignment-coef", defaultValue = "0.1",
            description = "ddpg: weight of the alignment loss between the action and its slate's mean item embedding.")
    double alignmentCoef;
    @Option(names = "--behavior-coef", defaultValue = "0",
            description = "ddpg: weight of the behaviour BCE on the served items' clicks (0 = plain DDPG).")
    double behaviorCoef;
    @Option(names = "--behavior-lr", defaultValue = "0",
            description = "hsrl: learning rate of the behaviour loss on the clicks observed on replayed slates, a separate Adam "
                    + "over the actor (the reference's ML1M agent uses 1e-3 or 1e-2; 0 = off, as its RL4RS agent).")
    double behaviorLr;
    @Option(names = "--behavior-decay", defaultValue = "0.00003", description = "hsrl: weight decay of the behaviour Adam.")
    double behaviorDecay;
    @Option(names = "--behavior-source", defaultValue = "replay",
            description = "hsrl with --behavior-lr: whose clicked items the behaviour loss clones: replay (the replayed "
                    + "slates the agent served), logs (minibatches of the logged training slates, as sl learns from) or "
                    + "conversions (the logged slates' converted items instead of their clicked ones; logs with "
                    + "conversions).")
    String behaviorSource;
    @Option(names = "--behavior-contrast", defaultValue = "0",
            description = "hsrl with --behavior-lr: weight of a within-slate term of the behaviour loss, each clicked "
                    + "item's path probability against the other items of its slate (learns from the unclicked "
                    + "exposures as sl does; 0 = off).")
    double behaviorContrast;
    @Option(names = "--behavior-anchor", defaultValue = "0",
            description = "hsrl with --behavior-lr: 0 = the behaviour loss steps at every update; > 0 = it steps only "
                    + "during --critic-warmup (the clone phase), then the clone is frozen and the actor's loss gets "
                    + "this weight times the KL divergence from the clone to the policy instead.")
    double behaviorAnchor;
    @Option(names = "--item-credit", defaultValue = "" + HsrlLearning.DEFAULT_ITEM_CREDIT,
            description = "hsrl mode: reward units of one click in a slate item's own return (its click against the slate's mean "
                    + "click is added to the slate's TD target; 1.1 = the exact share of mean_with_cost, the earlier default "
                    + "with --advantage-clip 1; 0 = slate-level credit).")
    double itemCredit;
    @Option(names = "--advantage-norm", defaultValue = "false", arity = "1",
            description = "hsrl mode: normalise each level's advantages over the minibatch (true/false; default: ${DEFAULT-VALUE}).")
    boolean advantageNorm;
    @Option(names = "--critic-warmup", defaultValue = "100",
            description = "hsrl mode: gradient steps that train only the critic before the actor moves.")
    int criticWarmup;
    @Option(names = "--token-critic", defaultValue = "true", arity = "1",
            description = "hsrl mode: per-level baselines V_l(s, z_<l) from the token-level critic (true) or one value: the "
                    + "item's advantage against the state value at every level (false; default: ${DEFAULT-VALUE}).")
    boolean tokenCritic;
    @Option(names = "--token-lambda", defaultValue = "1.0",
            description = "hsrl mode: λ of the advantage estimate over the levels with the token-level critic (1 = Q_k − V_l, "
                    + "0 = V_{l+1} − V_l).")
    double tokenLambda;
    @Option(names = "--residual-state", defaultValue = "true", arity = "1",
            description = "hsrl mode: the policy's residual state per level (true, the paper's) or every level conditioned on "
                    + "the state alone (false, an ablation; default: ${DEFAULT-VALUE}).")
    boolean residualState;
    @Option(names = "--entropy-target", defaultValue = "" + HsrlLearning.DEFAULT_ENTROPY_TARGET,
            description = "hsrl mode: 0 = one entropy coefficient for every level; in (0, 1) = each level's coefficient is "
                    + "lowered while its token entropy is above this fraction of ln(vocabulary) and raised below it, at "
                    + "most --entropy-coef.")
    double entropyTarget;
    @Option(names = "--advantage-clip", defaultValue = "0",
            description = "hsrl mode: each level's advantage is clipped to [-bound, bound]: this bound when > 0 (1 = the "
                    + "reference's, the earlier default); 0 = max(1, --item-credit), so that an item's own click is not cut off.")
    double advantageClip;
    @Option(names = "--ground-tokens", defaultValue = "" + HsrlLearning.DEFAULT_GROUND_TOKENS,
            description = "hsrl mode: 0 = the token heads start as drawn (near uniform); > 0 = each level's head starts from "
                    + "the items its tokens stand for: a token's logit is the state's similarity to the token's residual "
                    + "centroid under the encoder's item map, rows of this norm (as a2c and sl start from the state's "
                    + "similarity to each item).")
    double groundTokens;
    @Option(names = "--reference-quirks", defaultValue = "all",
            description = "reference mode only: the released code's known bugs to keep, comma-separated from done-mask, "
                    + "train-mode, padding, warmup-slate, vocab-256; all (the released code) or none.")
    String referenceQuirks;

    PolicyMode policyMode() {
        return PolicyMode.parse(mode);
    }

    AgentConfig config() {
        return config(policyMode());
    }

    AgentConfig config(PolicyMode m) {
        ReferenceQuirks q = m == PolicyMode.HSRL ? ReferenceQuirks.none() : quirks(referenceQuirks);
        return new AgentConfig(m, q, actorLr, criticLr, actorDecay, criticDecay, gamma, entropyCoef, targetMitigateCoef,
                advantageBias, episodeBatchSize, batchSize, bufferSize, startTimestamp, slateSize, maxSeqLen, dModel,
                nHead, nLayer, dForward, dropout, criticHiddenDims, criticDropout, sidTemperature, beamWidth, behaviorLr,
                behaviorDecay, new HsrlLearning(itemCredit, advantageNorm, criticWarmup, tokenCritic, tokenLambda, residualState,
                entropyTarget, advantageClip, groundTokens));
    }

    /** hsrl: how the behaviour loss shapes the clone (--behavior-contrast, --behavior-anchor). */
    BehaviorCloning cloning() {
        return new BehaviorCloning(behaviorContrast, behaviorAnchor);
    }

    LatentActionConfig latent() {
        return new LatentActionConfig(ddpgNoise, alignmentCoef, behaviorCoef);
    }

    static ReferenceQuirks quirks(String spec) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        if (s.equals("all")) {
            return ReferenceQuirks.head();
        }
        Set<String> on = new HashSet<>(s.equals("none") || s.isEmpty() ? Set.of() : Arrays.asList(s.split(",")));
        Set<String> known = Set.of("done-mask", "train-mode", "padding", "warmup-slate", "vocab-256");
        for (String q : on) {
            if (!known.contains(q.trim())) {
                throw new IllegalArgumentException("--reference-quirks: unknown '" + q + "', expected all, none or some of " + known);
            }
        }
        return new ReferenceQuirks(on.contains("done-mask"), on.contains("train-mode"), on.contains("padding"),
                on.contains("warmup-slate"), on.contains("vocab-256") ? 256 : 0);
    }
}
