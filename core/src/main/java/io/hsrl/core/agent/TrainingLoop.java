package io.hsrl.core.agent;

import io.hsrl.core.policy.DecodedSlates;

import java.util.Random;

/**
 * The training loop (hsrl-reference.md §7.3): warm-up with ε = 1 until the buffer holds {@code startTimestamp}
 * transitions, then per iteration one environment step with exploration and one gradient step on a replay minibatch.
 */
public final class TrainingLoop {
    private final SlateAgent agent;
    private final SlateEnvironment env;
    private final ReplayBuffer buffer;
    private final EpisodeTracker episodes;
    private final Random random;
    private final Objective objective;
    private long iteration;
    private UpdateReport last;

    /** With the engagement objective (the environment's reward). */
    public TrainingLoop(SlateAgent agent, SlateEnvironment env, long seed) {
        this(agent, env, seed, Objective.engagement());
    }

    /** @param objective what the agent maximises: it forms the replayed rewards and adapts its λ each iteration */
    public TrainingLoop(SlateAgent agent, SlateEnvironment env, long seed, Objective objective) {
        AgentConfig c = agent.config();
        if (env.historyLength() != c.maxSeqLen()) {
            throw new IllegalArgumentException("environment histories have length " + env.historyLength()
                    + ", maxSeqLen is " + c.maxSeqLen());
        }
        this.agent = agent;
        this.env = env;
        this.buffer = new ReplayBuffer(c.bufferSize(), c.maxSeqLen(), c.slateSize());
        this.episodes = new EpisodeTracker(env.users(), 100);
        this.random = new Random(seed);
        this.objective = java.util.Objects.requireNonNull(objective, "objective");
    }

    /** Warm-up steps with random slates until the buffer can be trained on (at least one batch). */
    public void warmUp() {
        int need = Math.max(agent.config().startTimestamp(), 1);
        while (buffer.size() < need) {
            int[][] h = env.histories();
            DecodedSlates s = agent.warmupSlates(h.length, random);
            store(h, s.items(), env.step(s.items()), false);
        }
    }

    /** One iteration: act (exploring), step, store; then one gradient step. */
    public UpdateReport iterate() {
        int[][] h = env.histories();
        DecodedSlates s = agent.act(h, true, random);
        store(h, s.items(), env.step(s.items()), true);
        objective.updateMultiplier();
        last = agent.update(buffer.sample(agent.config().batchSize(), random, objective));
        iteration++;
        return last;
    }

    private void store(int[][] histories, int[][] slates, SlateEnvironment.Step step, boolean track) {
        objective.requireResponse(step);
        buffer.add(histories, slates, step.rewards(), step.done(), step.feedback(), step.nextHistories(),
                step.conversions(), step.costs());
        if (track) {
            episodes.record(step.rewards(), step.done());
            objective.observe(step);
        }
    }

    public long iteration() {
        return iteration;
    }

    /** Continues counting from a checkpoint's iteration. */
    public void setIteration(long iteration) {
        this.iteration = iteration;
    }

    public Objective objective() {
        return objective;
    }

    public EpisodeTracker episodes() {
        return episodes;
    }

    public UpdateReport lastUpdate() {
        return last;
    }

    public ReplayBuffer buffer() {
        return buffer;
    }

    public Random random() {
        return random;
    }

    /**
     * Draws a fresh seed, restarts the host RNG and the engine's (dropout) RNG from it and returns it: done at each
     * checkpoint, so that a run resumed from the checkpoint draws the same random numbers as the one that went on.
     */
    public long reseed() {
        long seed = random.nextLong();
        reseed(seed);
        return seed;
    }

    public void reseed(long seed) {
        random.setSeed(seed);
        ai.djl.engine.Engine.getEngine("PyTorch").setRandomSeed((int) (seed ^ (seed >>> 32)));
    }
}
