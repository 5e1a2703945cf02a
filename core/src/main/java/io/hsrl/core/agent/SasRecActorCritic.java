package io.hsrl.core.agent;

import ai.djl.ndarray.NDManager;
import io.hsrl.core.critic.MultiLevelCritic;
import io.hsrl.core.nn.ParameterSet;
import io.hsrl.core.nn.SasRecEncoder;
import io.hsrl.core.nn.TorchInit;
import io.hsrl.core.optim.TorchAdam;

import java.util.Map;

/**
 * The networks of the flat baselines (flat A2C, DDPG): a SASRec state encoder as the actor, a critic on
 * {@code criticInput} features, a Polyak target of each and an Adam for each, checkpointed as {@link ActorCriticState}.
 * The parameters live in the agent's manager; {@link #close()} frees the optimisers' state.
 */
final class SasRecActorCritic implements AutoCloseable {
    final ParameterSet actorParams;
    final SasRecEncoder actor;
    final ParameterSet actorTargetParams;
    final SasRecEncoder actorTarget;
    final MultiLevelCritic critic;
    final MultiLevelCritic criticTarget;
    final TorchAdam actorOptimizer;
    final TorchAdam criticOptimizer;

    SasRecActorCritic(NDManager manager, AgentConfig config, int itemDim, int criticInput, long seed) {
        this.actorParams = new ParameterSet(manager, true);
        this.actor = encoder(actorParams, config, itemDim, seed);
        this.actorTargetParams = new ParameterSet(manager, false);
        this.actorTarget = encoder(actorTargetParams, config, itemDim, seed);
        actorTargetParams.assign(actorParams);
        this.critic = new MultiLevelCritic(manager, criticInput, config.criticHiddenDims(),
                (float) config.criticDropout(), seed + 1, true);
        this.criticTarget = critic.targetCopy(manager);
        this.actorOptimizer = new TorchAdam(actorParams, config.actorLr(), config.actorDecay());
        this.criticOptimizer = new TorchAdam(critic.parameters(), config.criticLr(), config.criticDecay());
    }

    private static SasRecEncoder encoder(ParameterSet params, AgentConfig c, int itemDim, long seed) {
        return new SasRecEncoder(params, itemDim, c.dModel(), c.nHead(), c.nLayer(), c.dForward(), (float) c.dropout(),
                c.maxSeqLen(), new TorchInit(seed));
    }

    /** Everything a checkpoint holds for the networks, by file name. */
    Map<String, byte[]> state() {
        return files().encode();
    }

    void restore(Map<String, byte[]> state, String source) {
        files().restore(state, source);
    }

    /** Only the actor (evaluation). */
    void restoreActor(byte[] actorParameters, String source) {
        actorParams.decode(actorParameters, source);
    }

    private ActorCriticState files() {
        return new ActorCriticState(actorParams, actorTargetParams, critic.parameters(), criticTarget.parameters(),
                actorOptimizer, criticOptimizer);
    }

    @Override
    public void close() {
        actorOptimizer.close();
        criticOptimizer.close();
    }
}
