package io.hsrl.core.agent;

import io.hsrl.contracts.PolicyMode;

/**
 * Hyper-parameters of the actor-critic agent; {@link #defaults(PolicyMode)} gives the reference's RL4RS values
 * (hsrl-reference.md §9.1). Field names follow the api's {@code HyperParameters}.
 */
public record AgentConfig(
        PolicyMode mode,
        ReferenceQuirks quirks,
        double actorLr,
        double criticLr,
        double actorDecay,
        double criticDecay,
        double gamma,
        double entropyCoef,
        double targetMitigateCoef,
        double advantageBias,
        int episodeBatchSize,
        int batchSize,
        int bufferSize,
        int startTimestamp,
        int slateSize,
        int maxSeqLen,
        int dModel,
        int nHead,
        int nLayer,
        int dForward,
        double dropout,
        int[] criticHiddenDims,
        double criticDropout,
        double sidTemperature,
        int beamWidth,
        double behaviorLr,
        double behaviorDecay,
        HsrlLearning hsrl) {

    public AgentConfig {
        require(actorLr >= 0 && criticLr >= 0 && actorDecay >= 0 && criticDecay >= 0, "learning rates and decays must be ≥ 0");
        require(gamma >= 0 && gamma <= 1, "gamma must be in [0, 1]");
        require(targetMitigateCoef >= 0 && targetMitigateCoef <= 1, "targetMitigateCoef must be in [0, 1]");
        require(entropyCoef >= 0, "entropyCoef must be ≥ 0");
        require(episodeBatchSize >= 1 && batchSize >= 1 && bufferSize >= 1, "episodeBatchSize, batchSize, bufferSize must be ≥ 1");
        require(startTimestamp >= 0 && startTimestamp <= bufferSize, "startTimestamp must be in [0, bufferSize]");
        require(slateSize >= 1, "slateSize must be ≥ 1");
        require(maxSeqLen >= 1 && dModel >= 1 && nHead >= 1 && nLayer >= 0 && dForward >= 1, "encoder sizes must be positive");
        require(dModel % nHead == 0, "dModel must be divisible by nHead");
        require(dropout >= 0 && dropout < 1 && criticDropout >= 0 && criticDropout < 1, "dropout must be in [0, 1)");
        require(beamWidth >= 0, "beamWidth must be ≥ 0");
        require(behaviorLr >= 0 && behaviorDecay >= 0, "behaviorLr and behaviorDecay must be ≥ 0");
        criticHiddenDims = criticHiddenDims.clone();
        if (hsrl == null) { // a configuration written before hsrl mode's learning options existed
            hsrl = HsrlLearning.defaults();
        }
        if (mode == PolicyMode.HSRL && !quirks.equals(ReferenceQuirks.none())) {
            throw new IllegalArgumentException("hsrl mode has every reference bug fixed; quirks apply to reference mode only");
        }
    }

    /** hsrl mode's learning options at their defaults. */
    public AgentConfig(PolicyMode mode, ReferenceQuirks quirks, double actorLr, double criticLr, double actorDecay,
                       double criticDecay, double gamma, double entropyCoef, double targetMitigateCoef,
                       double advantageBias, int episodeBatchSize, int batchSize, int bufferSize, int startTimestamp,
                       int slateSize, int maxSeqLen, int dModel, int nHead, int nLayer, int dForward, double dropout,
                       int[] criticHiddenDims, double criticDropout, double sidTemperature, int beamWidth,
                       double behaviorLr, double behaviorDecay) {
        this(mode, quirks, actorLr, criticLr, actorDecay, criticDecay, gamma, entropyCoef, targetMitigateCoef,
                advantageBias, episodeBatchSize, batchSize, bufferSize, startTimestamp, slateSize, maxSeqLen, dModel,
                nHead, nLayer, dForward, dropout, criticHiddenDims, criticDropout, sidTemperature, beamWidth, behaviorLr,
                behaviorDecay, HsrlLearning.defaults());
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    public static AgentConfig defaults(PolicyMode mode) {
        return new AgentConfig(mode, mode == PolicyMode.REFERENCE ? ReferenceQuirks.head() : ReferenceQuirks.none(),
                1e-3, 1e-3, 1e-5, 1e-5, 0.9, 0.1, 0.01, 0.0,
                32, 64, 100_000, 2000, 9, 50, 32, 4, 2, 128, 0.1, new int[] {256, 64}, 0.2, 1.0, 0, 0.0, 3e-5,
                HsrlLearning.defaults());
    }

    public AgentConfig withQuirks(ReferenceQuirks q) {
        return new AgentConfig(mode, q, actorLr, criticLr, actorDecay, criticDecay, gamma, entropyCoef,
                targetMitigateCoef, advantageBias, episodeBatchSize, batchSize, bufferSize, startTimestamp, slateSize,
                maxSeqLen, dModel, nHead, nLayer, dForward, dropout, criticHiddenDims, criticDropout, sidTemperature, beamWidth, behaviorLr, behaviorDecay, hsrl);
    }

    /** The actor/critic sizes and batch sizes changed, the rest kept (tests and benchmarks). */
    public AgentConfig withSizes(int episodeBatchSize, int batchSize, int bufferSize, int startTimestamp, int slateSize,
                                 int maxSeqLen, int dModel, int nHead, int nLayer, int dForward, int[] criticHiddenDims) {
        return new AgentConfig(mode, quirks, actorLr, criticLr, actorDecay, criticDecay, gamma, entropyCoef,
                targetMitigateCoef, advantageBias, episodeBatchSize, batchSize, bufferSize, startTimestamp, slateSize,
                maxSeqLen, dModel, nHead, nLayer, dForward, dropout, criticHiddenDims, criticDropout, sidTemperature, beamWidth, behaviorLr, behaviorDecay, hsrl);
    }

    public AgentConfig withDropout(double dropout, double criticDropout) {
        return new AgentConfig(mode, quirks, actorLr, criticLr, actorDecay, criticDecay, gamma, entropyCoef,
                targetMitigateCoef, advantageBias, episodeBatchSize, batchSize, bufferSize, startTimestamp, slateSize,
                maxSeqLen, dModel, nHead, nLayer, dForward, dropout, criticHiddenDims, criticDropout, sidTemperature, beamWidth, behaviorLr, behaviorDecay, hsrl);
    }

    /**
     * The behaviour loss of the reference's ML1M agent (§7.4 step 5): a separate Adam ({@code behaviorLr},
     * {@code behaviorDecay}) over the actor on the feedback observed on each replayed slate; lr 0 (the RL4RS agent) = off.
     */
    public AgentConfig withBehavior(double behaviorLr, double behaviorDecay) {
        return new AgentConfig(mode, quirks, actorLr, criticLr, actorDecay, criticDecay, gamma, entropyCoef,
                targetMitigateCoef, advantageBias, episodeBatchSize, batchSize, bufferSize, startTimestamp, slateSize,
                maxSeqLen, dModel, nHead, nLayer, dForward, dropout, criticHiddenDims, criticDropout, sidTemperature, beamWidth, behaviorLr, behaviorDecay, hsrl);
    }

    public AgentConfig withLearning(double actorLr, double criticLr, double entropyCoef, double gamma) {
        return new AgentConfig(mode, quirks, actorLr, criticLr, actorDecay, criticDecay, gamma, entropyCoef,
                targetMitigateCoef, advantageBias, episodeBatchSize, batchSize, bufferSize, startTimestamp, slateSize,
                maxSeqLen, dModel, nHead, nLayer, dForward, dropout, criticHiddenDims, criticDropout, sidTemperature, beamWidth, behaviorLr, behaviorDecay, hsrl);
    }

    /** hsrl mode's learning options replaced (ablations; reference mode ignores them). */
    public AgentConfig withHsrl(HsrlLearning hsrl) {
        return new AgentConfig(mode, quirks, actorLr, criticLr, actorDecay, criticDecay, gamma, entropyCoef,
                targetMitigateCoef, advantageBias, episodeBatchSize, batchSize, bufferSize, startTimestamp, slateSize,
                maxSeqLen, dModel, nHead, nLayer, dForward, dropout, criticHiddenDims, criticDropout, sidTemperature, beamWidth, behaviorLr, behaviorDecay, hsrl);
    }
}
