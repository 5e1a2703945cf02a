package io.hsrl.trainer;

import ai.djl.ndarray.NDManager;
import io.hsrl.core.agent.AgentConfig;
import io.hsrl.core.agent.DdpgAgent;
import io.hsrl.core.agent.FlatA2cAgent;
import io.hsrl.core.agent.HsrlAgent;
import io.hsrl.core.agent.LatentActionConfig;
import io.hsrl.core.agent.SlateAgent;
import io.hsrl.core.agent.SupervisedAgent;

import java.util.List;

/**
 * The algorithms of {@code --algorithm} / {@code --algorithms} and how each learning one is built on an
 * {@link AgentWorld}: hsrl (the index's SIDs), a2c (flat item softmax), sl (behaviour cloning on the world's logged
 * rows), ddpg (latent action); random and popular do not learn.
 */
final class LearningAgents {
    static final List<String> LEARNING = List.of("hsrl", "a2c", "sl", "ddpg");
    static final List<String> ALL = List.of("hsrl", "a2c", "sl", "ddpg", "random", "popular");
    /** The learners trained on a reward ({@link io.hsrl.contracts.Algorithm#takesReward()}), for messages. */
    static final List<String> REWARD_LEARNERS = List.of("hsrl", "a2c", "ddpg");

    private LearningAgents() {
    }

    static boolean learns(String algorithm) {
        return LEARNING.contains(algorithm);
    }

    static boolean takesReward(String algorithm) {
        return io.hsrl.contracts.Algorithm.parse(algorithm).takesReward();
    }

    /** @throws IllegalArgumentException naming {@code option} when the algorithm is unknown */
    static void requireKnown(String algorithm, String option) {
        if (!ALL.contains(algorithm)) {
            throw new IllegalArgumentException(option + " " + algorithm + " is not available; use one of " + String.join(", ", ALL));
        }
    }

    /**
     * {@code --behavior-source}: replay leaves the agent as built; logs makes an hsrl agent's behaviour loss clone the
     * world's logged training slates (their clicked items), conversions their converted items.
     */
    static SlateAgent withBehavior(SlateAgent agent, AgentOptions options, AgentWorld world) {
        if (agent instanceof HsrlAgent h) {
            h.behaviorCloning(options.cloning());
        }
        return withBehaviorSource(agent, options.behaviorSource, world);
    }

    static SlateAgent withBehaviorSource(SlateAgent agent, String source, AgentWorld world) {
        switch (source) {
            case "replay" -> {
            }
            case "logs" -> {
                if (agent instanceof HsrlAgent h) {
                    h.cloneLoggedSlates(world.dataset.train());
                }
            }
            case "conversions" -> {
                if (agent instanceof HsrlAgent h) {
                    h.cloneLoggedConversions(world.dataset.train());
                }
            }
            default -> throw new IllegalArgumentException("--behavior-source: " + source
                    + " is not one of replay, logs, conversions");
        }
        return agent;
    }

    static SlateAgent create(String algorithm, NDManager root, AgentConfig config, LatentActionConfig latent,
                             AgentWorld world, long seed) {
        return switch (algorithm) {
            case "hsrl" -> {
                if (world.sids == null) {
                    throw new IllegalArgumentException("--index is required for hsrl");
                }
                yield new HsrlAgent(root, config, world.sids, world.dataset.features(), seed);
            }
            case "a2c" -> new FlatA2cAgent(root, config, world.dataset.features(), seed);
            case "sl" -> new SupervisedAgent(root, config, world.dataset.train(), seed);
            case "ddpg" -> new DdpgAgent(root, config, latent, world.dataset.features(), seed);
            default -> throw new IllegalArgumentException(algorithm + " does not learn");
        };
    }
}
