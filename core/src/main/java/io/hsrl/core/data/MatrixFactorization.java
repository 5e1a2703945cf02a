package io.hsrl.core.data;

import java.util.SplittableRandom;

/**
 * Biased matrix factorisation fitted by seeded SGD on (user, item, value) triples — used to give items (and users) a
 * vector where a dataset has none (MovieLens, CSV logs without an item file). Deterministic per seed: the visiting
 * order is a seeded shuffle, single-threaded.
 */
public final class MatrixFactorization {
    /** Factor dimension, epochs, learning rate, L2, seed. */
    public record Config(int dimension, int epochs, double learningRate, double l2, long seed) {
        public Config {
            if (dimension < 1 || epochs < 1 || learningRate <= 0 || l2 < 0) {
                throw new IllegalArgumentException("matrix factorisation needs dimension >= 1, epochs >= 1, learning "
                        + "rate > 0 and l2 >= 0 (were " + dimension + ", " + epochs + ", " + learningRate + ", " + l2 + ")");
            }
        }

        public static Config defaults(long seed) {
            return new Config(16, 30, 0.02, 0.02, seed);
        }
    }

    private final int users;
    private final int items;
    private final int dim;
    private final float[] userFactors;
    private final float[] itemFactors;
    private final double rmse;

    private MatrixFactorization(int users, int items, int dim, float[] uf, float[] itf, double rmse) {
        this.users = users;
        this.items = items;
        this.dim = dim;
        this.userFactors = uf;
        this.itemFactors = itf;
        this.rmse = rmse;
    }

    /** Fits {@code value ≈ μ + b_u + b_i + ⟨p_u, q_i⟩} on the triples (indices are dense, 0-based). */
    public static MatrixFactorization fit(int users, int items, int[] user, int[] item, float[] value, Config c) {
        SplittableRandom rng = new SplittableRandom(c.seed());
        int n = user.length;
        int d = c.dimension();
        float[] p = new float[users * d];
        float[] q = new float[items * d];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) (0.1 * rng.nextGaussian());
        }
        for (int i = 0; i < q.length; i++) {
            q[i] = (float) (0.1 * rng.nextGaussian());
        }
        double mu = 0;
        for (float v : value) {
            mu += v;
        }
        mu = n == 0 ? 0 : mu / n;
        double[] bu = new double[users];
        double[] bi = new double[items];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        double lr = c.learningRate();
        double reg = c.l2();
        double sse = 0;
        for (int epoch = 0; epoch < c.epochs(); epoch++) {
            for (int i = n - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            sse = 0;
            for (int t = 0; t < n; t++) {
                int e = order[t];
                int u = user[e];
                int it = item[e];
                double pred = mu + bu[u] + bi[it];
                for (int k = 0; k < d; k++) {
                    pred += p[u * d + k] * q[it * d + k];
                }
                double err = value[e] - pred;
                sse += err * err;
                bu[u] += lr * (err - reg * bu[u]);
                bi[it] += lr * (err - reg * bi[it]);
                for (int k = 0; k < d; k++) {
                    float pu = p[u * d + k];
                    float qi = q[it * d + k];
                    p[u * d + k] += (float) (lr * (err * qi - reg * pu));
                    q[it * d + k] += (float) (lr * (err * pu - reg * qi));
                }
            }
        }
        return new MatrixFactorization(users, items, d, p, q, n == 0 ? 0 : Math.sqrt(sse / n));
    }

    public int dimension() {
        return dim;
    }

    /** Row-major {@code items × dimension}. */
    public float[] itemFactors() {
        return itemFactors.clone();
    }

    /** Row-major {@code users × dimension}. */
    public float[] userFactors() {
        return userFactors.clone();
    }

    public float[] user(int u) {
        return java.util.Arrays.copyOfRange(userFactors, u * dim, (u + 1) * dim);
    }

    public int users() {
        return users;
    }

    public int items() {
        return items;
    }

    /** Training RMSE of the last epoch. */
    public double rmse() {
        return rmse;
    }

    /** Columns scaled to mean 0, standard deviation 1 (in place), so learned factors look like RL4RS item_vec. */
    public static void standardise(float[] x, int rows, int cols) {
        for (int q = 0; q < cols; q++) {
            double s = 0;
            double ss = 0;
            for (int i = 0; i < rows; i++) {
                s += x[i * cols + q];
                ss += (double) x[i * cols + q] * x[i * cols + q];
            }
            double mean = s / rows;
            double sd = Math.sqrt(Math.max(1e-12, ss / rows - mean * mean));
            for (int i = 0; i < rows; i++) {
                x[i * cols + q] = (float) ((x[i * cols + q] - mean) / sd);
            }
        }
    }
}
