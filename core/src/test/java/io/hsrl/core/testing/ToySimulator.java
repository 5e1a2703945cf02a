package io.hsrl.core.testing;

import io.hsrl.core.agent.SlateEnvironment;
import io.hsrl.core.catalog.ItemTable;

import java.util.Arrays;
import java.util.Random;

/**
 * A small seeded user simulator for learning tests: items fall in clusters (their features show the cluster), each
 * user prefers one cluster and clicks its items far more often; some items are globally popular. Reward is the
 * reference's mean_with_cost, users leave by the temper rule (hsrl-reference.md §3), clicked items are appended to
 * the history. A good policy infers the cluster from the history; most-popular cannot.
 */
public final class ToySimulator implements SlateEnvironment {
    public final int clusters;
    public final int perCluster;
    private final int users;
    private final int historyLength;
    private final int initialTemper;
    private final Random random;
    private final int[] preference;
    private final int[][] histories;
    private final double[] temper;
    private final double[] popularity;

    public ToySimulator(int clusters, int perCluster, int users, int historyLength, int initialTemper, long seed) {
        this.clusters = clusters;
        this.perCluster = perCluster;
        this.users = users;
        this.historyLength = historyLength;
        this.initialTemper = initialTemper;
        this.random = new Random(seed);
        this.preference = new int[users];
        this.histories = new int[users][historyLength];
        this.temper = new double[users];
        this.popularity = new double[clusters * perCluster];
        for (int i = 0; i < popularity.length; i++) {
            popularity[i] = (i % perCluster) < 2 ? 1.0 : 0.0; // the first two of every cluster are popular
        }
        for (int r = 0; r < users; r++) {
            newUser(r);
        }
    }

    public int items() {
        return clusters * perCluster;
    }

    public int cluster(int item) {
        return item / perCluster;
    }

    /** Item features: the cluster one-hot (scaled) plus seeded noise; one table for a given seed. */
    public static ItemTable itemTable(int clusters, int perCluster, int noiseDims, long seed) {
        Random r = new Random(seed);
        int n = clusters * perCluster;
        int d = clusters + noiseDims;
        float[] v = new float[n * d];
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i + 1;
            v[i * d + i / perCluster] = 1.5f;
            for (int j = clusters; j < d; j++) {
                v[i * d + j] = (float) r.nextGaussian() * 0.5f;
            }
        }
        return new ItemTable(ids, v, d, null, "toy");
    }

    /** SIDs (cluster, position / 4, position % 4) — level 0 is the cluster, as a semantic index would give. */
    public RandomSidSpace sidSpace() {
        int[][] sids = new int[items()][];
        int second = (perCluster + 3) / 4;
        for (int i = 0; i < items(); i++) {
            int p = i % perCluster;
            sids[i] = new int[] {cluster(i), p / 4, p % 4};
        }
        return new RandomSidSpace(sids, new int[] {clusters, second, 4});
    }

    /** Histories as logs would hold them (for the most-popular baseline). */
    public int[][] loggedHistories(int count) {
        int[][] out = new int[count][];
        for (int c = 0; c < count; c++) {
            int pref = random.nextInt(clusters);
            out[c] = initialHistory(pref);
        }
        return out;
    }

    private void newUser(int r) {
        preference[r] = random.nextInt(clusters);
        histories[r] = initialHistory(preference[r]);
        temper[r] = initialTemper;
    }

    private int[] initialHistory(int pref) {
        int[] h = new int[historyLength];
        int filled = historyLength / 2 + random.nextInt(historyLength / 2 + 1);
        Arrays.fill(h, 0, historyLength - filled, -1); // left padding
        for (int t = historyLength - filled; t < historyLength; t++) {
            int cluster = random.nextDouble() < 0.7 ? pref : random.nextInt(clusters);
            // logs favour popular items
            int p = random.nextDouble() < 0.5 ? random.nextInt(2) : random.nextInt(perCluster);
            h[t] = cluster * perCluster + p;
        }
        return h;
    }

    public double clickProbability(int user, int item) {
        double logit = -2.5 + (cluster(item) == preference[user] ? 3.5 : 0.0) + 1.0 * popularity[item];
        return 1 / (1 + Math.exp(-logit));
    }

    @Override
    public int users() {
        return users;
    }

    @Override
    public int historyLength() {
        return historyLength;
    }

    @Override
    public int[][] histories() {
        int[][] out = new int[users][];
        for (int r = 0; r < users; r++) {
            out[r] = histories[r].clone();
        }
        return out;
    }

    @Override
    public Step step(int[][] slates) {
        float[] rewards = new float[users];
        boolean[] done = new boolean[users];
        float[][] feedback = new float[users][];
        for (int r = 0; r < users; r++) {
            int k = slates[r].length;
            feedback[r] = new float[k];
            double reward = 0;
            int[] h = histories[r];
            for (int j = 0; j < k; j++) {
                boolean click = random.nextDouble() < clickProbability(r, slates[r][j]);
                feedback[r][j] = click ? 1f : 0f;
                reward += click ? 1.0 : -0.1;
                if (click) {
                    System.arraycopy(h, 1, h, 0, h.length - 1);
                    h[h.length - 1] = slates[r][j];
                }
            }
            reward /= k;
            rewards[r] = (float) reward;
            temper[r] -= (1 - reward) * k + 1;
            done[r] = temper[r] < 1;
            if (done[r]) {
                newUser(r);
            }
        }
        return new Step(rewards, done, feedback, histories());
    }
}
