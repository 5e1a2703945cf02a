package io.hsrl.core.agent;

import java.util.Random;

/**
 * FIFO ring buffer of transitions (hsrl-reference.md §7.1), on the host: histories as item indices (features are
 * rebuilt at read time), slate, the environment's reward, done, per-item feedback, conversions and costs. Sampling is
 * uniform with replacement over what is stored; the minibatch's rewards are formed by the {@link Objective} at
 * sampling time (its λ of now applies to every stored transition).
 */
public final class ReplayBuffer {
    private final int capacity;
    private final int[][] histories;
    private final int[][] nextHistories;
    private final int[][] actions;
    private final float[] rewards;
    private final boolean[] done;
    private final float[][] feedback;
    private final float[][] conversions;
    private final float[][] costs;
    private long written;

    public ReplayBuffer(int capacity, int historyLength, int slateSize) {
        this.capacity = capacity;
        this.histories = new int[capacity][historyLength];
        this.nextHistories = new int[capacity][historyLength];
        this.actions = new int[capacity][slateSize];
        this.rewards = new float[capacity];
        this.done = new boolean[capacity];
        this.feedback = new float[capacity][slateSize];
        this.conversions = new float[capacity][slateSize];
        this.costs = new float[capacity][slateSize];
    }

    public void add(int[][] history, int[][] slate, float[] reward, boolean[] isDone, float[][] response, int[][] next) {
        add(history, slate, reward, isDone, response, next, null, null);
    }

    /** @param conversion per-item conversions and {@code cost} per-item costs; null (stored as 0) when not reported */
    public void add(int[][] history, int[][] slate, float[] reward, boolean[] isDone, float[][] response, int[][] next,
                    float[][] conversion, float[][] cost) {
        for (int r = 0; r < history.length; r++) {
            int i = (int) (written % capacity);
            System.arraycopy(history[r], 0, histories[i], 0, histories[i].length);
            System.arraycopy(next[r], 0, nextHistories[i], 0, nextHistories[i].length);
            System.arraycopy(slate[r], 0, actions[i], 0, actions[i].length);
            rewards[i] = reward[r];
            done[i] = isDone[r];
            if (response != null) {
                System.arraycopy(response[r], 0, feedback[i], 0, feedback[i].length);
            }
            if (conversion != null) {
                System.arraycopy(conversion[r], 0, conversions[i], 0, conversions[i].length);
            } else {
                java.util.Arrays.fill(conversions[i], 0f);
            }
            if (cost != null) {
                System.arraycopy(cost[r], 0, costs[i], 0, costs[i].length);
            } else {
                java.util.Arrays.fill(costs[i], 0f);
            }
            written++;
        }
    }

    public int size() {
        return (int) Math.min(written, capacity);
    }

    public long written() {
        return written;
    }

    /** A minibatch with the environment's rewards (the engagement objective). */
    public Sample sample(int m, Random random) {
        return sample(m, random, null);
    }

    /** A minibatch whose rewards and per-item credit signals {@code objective} forms (null: the environment's reward). */
    public Sample sample(int m, Random random, Objective objective) {
        int n = size();
        if (n == 0) {
            throw new IllegalStateException("the replay buffer is empty");
        }
        Sample s = new Sample(new int[m][], new int[m][], new int[m][], new float[m], new boolean[m], new float[m][],
                new float[m][]);
        for (int j = 0; j < m; j++) {
            int i = random.nextInt(n);
            s.histories()[j] = histories[i];
            s.nextHistories()[j] = nextHistories[i];
            s.actions()[j] = actions[i];
            s.rewards()[j] = objective == null ? rewards[i] : objective.reward(rewards[i], conversions[i], costs[i]);
            s.done()[j] = done[i];
            s.feedback()[j] = feedback[i];
            s.credit()[j] = objective == null ? feedback[i] : objective.itemSignals(feedback[i], conversions[i], costs[i]);
        }
        return s;
    }

    /**
     * A minibatch; arrays are shared with the buffer: read only.
     *
     * @param feedback per-item clicks
     * @param credit   per-item signal of the objective (clicks under engagement, conversion − λ·cost under
     *                 conversions) whose sum over the slate is the slate's reward up to the engagement reward's scale
     */
    public record Sample(int[][] histories, int[][] nextHistories, int[][] actions, float[] rewards, boolean[] done,
                         float[][] feedback, float[][] credit) {
        /** Clicks as the per-item credit signal. */
        public Sample(int[][] histories, int[][] nextHistories, int[][] actions, float[] rewards, boolean[] done,
                      float[][] feedback) {
            this(histories, nextHistories, actions, rewards, done, feedback, feedback);
        }
    }
}
