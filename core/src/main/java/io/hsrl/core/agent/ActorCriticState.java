package io.hsrl.core.agent;

import io.hsrl.core.nn.ParameterSet;
import io.hsrl.core.optim.TorchAdam;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The checkpoint files of an actor-critic agent (§7.4): actor, critic, their Polyak targets and both Adam states, under
 * the same names for every algorithm, so that serving and evaluation read any of them the same way.
 */
record ActorCriticState(ParameterSet actor, ParameterSet actorTarget, ParameterSet critic, ParameterSet criticTarget,
                        TorchAdam actorOptimizer, TorchAdam criticOptimizer, TorchAdam behaviorOptimizer) {
    static final String ACTOR = "actor.bin";
    static final String ACTOR_TARGET = "actor-target.bin";
    static final String CRITIC = "critic.bin";
    static final String CRITIC_TARGET = "critic-target.bin";
    static final String ACTOR_ADAM = "actor-adam.bin";
    static final String CRITIC_ADAM = "critic-adam.bin";
    static final String BEHAVIOR_ADAM = "actor-behavior-adam.bin";

    /** Without a behaviour optimiser (flat A2C, DDPG, HSRL with behaviorLr 0). */
    ActorCriticState(ParameterSet actor, ParameterSet actorTarget, ParameterSet critic, ParameterSet criticTarget,
                     TorchAdam actorOptimizer, TorchAdam criticOptimizer) {
        this(actor, actorTarget, critic, criticTarget, actorOptimizer, criticOptimizer, null);
    }

    /** The six files (seven with a behaviour optimiser), in a stable order. */
    Map<String, byte[]> encode() {
        Map<String, byte[]> out = new LinkedHashMap<>();
        out.put(ACTOR, actor.encode());
        out.put(ACTOR_TARGET, actorTarget.encode());
        out.put(CRITIC, critic.encode());
        out.put(CRITIC_TARGET, criticTarget.encode());
        out.put(ACTOR_ADAM, actorOptimizer.encode());
        out.put(CRITIC_ADAM, criticOptimizer.encode());
        if (behaviorOptimizer != null) {
            out.put(BEHAVIOR_ADAM, behaviorOptimizer.encode());
        }
        return out;
    }

    /** Loads the six files; a missing one is an error naming it and the checkpoint. */
    void restore(Map<String, byte[]> state, String source) {
        actor.decode(require(state, ACTOR, source), source + "/" + ACTOR);
        actorTarget.decode(require(state, ACTOR_TARGET, source), source + "/" + ACTOR_TARGET);
        critic.decode(require(state, CRITIC, source), source + "/" + CRITIC);
        criticTarget.decode(require(state, CRITIC_TARGET, source), source + "/" + CRITIC_TARGET);
        actorOptimizer.decode(require(state, ACTOR_ADAM, source), source + "/" + ACTOR_ADAM);
        criticOptimizer.decode(require(state, CRITIC_ADAM, source), source + "/" + CRITIC_ADAM);
        if (behaviorOptimizer != null) {
            behaviorOptimizer.decode(require(state, BEHAVIOR_ADAM, source), source + "/" + BEHAVIOR_ADAM);
        }
    }

    static byte[] require(Map<String, byte[]> state, String name, String source) {
        byte[] b = state.get(name);
        if (b == null) {
            throw new IllegalArgumentException(source + ": checkpoint has no " + name);
        }
        return b;
    }
}
