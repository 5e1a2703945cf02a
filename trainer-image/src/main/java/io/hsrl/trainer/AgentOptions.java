package io.hsrl.trainer;

import io.hsrl.core.agent.AgentConfig;
import io.hsrl.core.agent.HsrlLearning;
import io.hsrl.core.agent.LatentActionConfig;
import io.hsrl.core.agent.ReferenceQuirks;
import io.hsrl.contracts.PolicyMode;
import picocli.CommandLine.Option;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The agent's hyper-parameters as command-line flags, named after the api's {@code HyperParameters} fields in
 * kebab-case; defaults are the reference's RL4RS values (hsrl-reference.md §9.1).
 */
public class AgentOptions {
    @Option(names = "--mode", defaultValue = "hsrl", description = "hsrl (default) or reference.")
    String mode;
    @Option(names = "--actor-lr", defaultValue = "0.001") double actorLr;
    @Option(names = "--critic-lr", defaultValue = "0.001") double criticLr;
    @Option(names = "--actor-decay", defaultValue = "0.00001") double actorDecay;
    @Option(names = "--critic-decay", defaultValue = "0.00001") double criticDecay;
    @Option(names = "--gamma", defaultValue = "0.9") double gamma;
    @Option(names = "--entropy-coef", defaultValue = "0.1") double entropyCoef;
    @Option(names = "--target-mitigate-coef", defaultValue = "0.01") double targetMitigateCoef;
    @Option(names = "--advantage-bias", defaultValue = "0") double advantageBias;
    @Option(names = "--episode-batch-size", defaultValue = "32") int episodeBatchSize;
    @Option(names = "--batch-size", defaultValue = "64") int batchSize;
    @Option(names = "--buffer-size", defaultValue = "100000") int bufferSize;
    @Option(names = "--start-timestamp", defaultValue = "2000") int startTimestamp;
    @Option(names = "--slate-size", defaultValue = "9") int slateSize;
    @Option(names = "--initial-temper", defaultValue = "20") int initialTemper;
    @Option(names = "--max-seq-len", defaultValue = "50") int maxSeqLen;
    @Option(names = "--d-model", defaultValue = "32") int dModel;
    @Option(names = "--n-head", defaultValue = "4") int nHead;
    @Option(names = "--n-layer", defaultValue = "2") int nLayer;
    @Option(names = "--d-forward", defaultValue = "128") int dForward;
    @Option(names = "--dropout", defaultValue = "0.1") double dropout;
    @Option(names = "--critic-hidden-dims", defaultValue = "256,64", split = ",") int[] criticHiddenDims;
    @Option(names = "--critic-dropout", defaultValue = "0.2") double criticDropout;
    @Option(names = "--sid-temperature", defaultValue = "1.0") double sidTemperature;
    @Option(names = "--beam-width", defaultValue = "0", description = "Beam width for greedy decoding (0 = the slate size).")
    int beamWidth;
    @Option(names = "--ddpg-noise", defaultValue = "0.1",
            description = "ddpg: standard deviation of the Gaussian exploration noise on the action vector.")
    double ddpgNoise;
    @Option(names = "--alignment-coef", defaultValue = "0.1",
            description = "ddpg: weight of HAC's alignment loss between the action and its slate's mean item embedding.")
    double alignmentCoef;
    @Option(names = "--behavior-coef", defaultValue = "0",
            description = "ddpg: weight of the behaviour BCE on the served items' clicks (0 = plain DDPG; HAC uses it).")
    double behaviorCoef;
    @Option(names = "--behavior-lr", defaultValue = "0",
            description = "hsrl: learning rate of the behaviour loss on the clicks observed on replayed slates, a separate Adam "
                    + "over the actor (the reference's ML1M agent uses 1e-3 or 1e-2; 0 = off, as its RL4RS agent).")
    double behaviorLr;
    @Option(names = "--behavior-decay", defaultValue = "0.00003", description = "hsrl: weight decay of the behaviour Adam.")
    double behaviorDecay;
    @Option(names = "--item-credit", defaultValue = "1.1",
            description = "hsrl mode: reward units of one click in a slate item's own return (its click against the slate's mean "
                    + "click is added to the slate's TD target; 1.1 = the exact share of mean_with_cost; 0 = slate-level credit; default: ${DEFAULT-VALUE}).")
    double itemCredit;
    @Option(names = "--advantage-norm", defaultValue = "false", arity = "1",
            description = "hsrl mode: normalise each level's advantages over the minibatch (true/false; default: ${DEFAULT-VALUE}).")
    boolean advantageNorm;
    @Option(names = "--critic-warmup", defaultValue = "100",
            description = "hsrl mode: gradient steps that train only the critic before the actor moves (default: ${DEFAULT-VALUE}).")
    int criticWarmup;
    @Option(names = "--token-critic", defaultValue = "true", arity = "1",
            description = "hsrl mode: per-level baselines V_l(s, z_<l) from the token-level critic (true) or one value: the "
                    + "item's advantage against the state value at every level (false; default: ${DEFAULT-VALUE}).")
    boolean tokenCritic;
    @Option(names = "--token-lambda", defaultValue = "1.0",
            description = "hsrl mode: λ of the advantage estimate over the levels with the token-level critic (1 = Q_k − V_l, "
                    + "0 = V_{l+1} − V_l; default: ${DEFAULT-VALUE}).")
    double tokenLambda;
    @Option(names = "--residual-state", defaultValue = "true", arity = "1",
            description = "hsrl mode: the policy's residual state per level (true, the paper's) or every level conditioned on "
                    + "the state alone (false, an ablation; default: ${DEFAULT-VALUE}).")
    boolean residualState;
    @Option(names = "--reference-quirks", defaultValue = "all",
            description = "reference mode only: the §13 bugs to keep, comma-separated from done-mask, train-mode, padding, "
                    + "warmup-slate, vocab-256; 'all' (default, the released code) or 'none'.")
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
                behaviorDecay, new HsrlLearning(itemCredit, advantageNorm, criticWarmup, tokenCritic, tokenLambda, residualState));
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
