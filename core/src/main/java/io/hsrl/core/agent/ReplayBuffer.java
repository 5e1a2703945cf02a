package io.hsrl.core.agent;

import java.util.Random;

/**
 * FIFO ring buffer of transitions (hsrl-reference.md §7.1), on the host: histories as item indices (features are
 * rebuilt at read time), slate, reward, done, per-item feedback. Sampling is uniform with replacement over what is
 * stored.
 */
public final class ReplayBuffer {
    private final int capacity;
    private final int[][] histories;
    private final int[][] nextHistories;
    private final int[][] actions;
    private final float[] rewards;
    private final boolean[] done;
    private final float[][] feedback;
    private long written;

    public ReplayBuffer(int capacity, int historyLength, int slateSize) {
        this.capacity = capacity;
        this.histories = new int[capacity][historyLength];
        this.nextHistories = new int[capacity][historyLength];
        this.actions = new int[capacity][slateSize];
        this.rewards = new float[capacity];
        this.done = new boolean[capacity];
        this.feedback = new float[capacity][slateSize];
    }

    public void add(int[][] history, int[][] slate, float[] reward, boolean[] isDone, float[][] response, int[][] next) {
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
            written++;
        }
    }

    public int size() {
        return (int) Math.min(written, capacity);
    }

    public long written() {
        return written;
    }

    public Sample sample(int m, Random random) {
        int n = size();
        if (n == 0) {
            throw new IllegalStateException("the replay buffer is empty");
        }
        Sample s = new Sample(new int[m][], new int[m][], new int[m][], new float[m], new boolean[m], new float[m][]);
        for (int j = 0; j < m; j++) {
            int i = random.nextInt(n);
            s.histories()[j] = histories[i];
            s.nextHistories()[j] = nextHistories[i];
            s.actions()[j] = actions[i];
            s.rewards()[j] = rewards[i];
            s.done()[j] = done[i];
            s.feedback()[j] = feedback[i];
        }
        return s;
    }

    /** A minibatch; arrays are shared with the buffer: read only. */
    public record Sample(int[][] histories, int[][] nextHistories, int[][] actions, float[] rewards, boolean[] done,
                         float[][] feedback) {
    }
}
