package io.hsrl.core.agent;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Episode bookkeeping over B lockstep sessions (hsrl-reference.md §3 "Metrics"): total reward and depth of every
 * finished episode (all of them, not only the last done row as the reference records, §13.20).
 */
public final class EpisodeTracker {
    private final double[] running;
    private final int[] depth;
    private final Deque<double[]> recent = new ArrayDeque<>();
    private final int window;
    private long episodes;
    private double sumReward;
    private double sumDepth;
    private double sumSquares;

    public EpisodeTracker(int users, int window) {
        this.running = new double[users];
        this.depth = new int[users];
        this.window = window;
    }

    public void record(float[] rewards, boolean[] done) {
        for (int r = 0; r < running.length; r++) {
            running[r] += rewards[r];
            depth[r]++;
            if (done[r]) {
                finish(running[r], depth[r]);
                running[r] = 0;
                depth[r] = 0;
            }
        }
    }

    private void finish(double total, int steps) {
        episodes++;
        sumReward += total;
        sumSquares += total * total;
        sumDepth += steps;
        recent.addLast(new double[] {total, steps});
        if (recent.size() > window) {
            recent.removeFirst();
        }
    }

    public long episodes() {
        return episodes;
    }

    public double meanReward() {
        return episodes == 0 ? Double.NaN : sumReward / episodes;
    }

    public double sdReward() {
        if (episodes < 2) {
            return 0;
        }
        double mean = meanReward();
        return Math.sqrt(Math.max(0, (sumSquares - episodes * mean * mean) / (episodes - 1)));
    }

    public double meanDepth() {
        return episodes == 0 ? Double.NaN : sumDepth / episodes;
    }

    /** Mean total reward / depth / min / max over the last {@code window} episodes; NaN before any. */
    public double[] recentStats() {
        if (recent.isEmpty()) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        }
        double s = 0;
        double d = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] e : recent) {
            s += e[0];
            d += e[1];
            min = Math.min(min, e[0]);
            max = Math.max(max, e[0]);
        }
        return new double[] {s / recent.size(), d / recent.size(), min, max};
    }
}
