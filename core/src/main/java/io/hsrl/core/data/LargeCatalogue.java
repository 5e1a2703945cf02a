package io.hsrl.core.data;

import io.hsrl.contracts.LogFormat;
import io.hsrl.core.catalog.ItemTable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Builds and logs a {@link SyntheticWorld} with {@link SyntheticWorld.Structure} at 100k–1M items: item
 * factors, features and prices are computed in blocks of {@value #BLOCK} items, each from its own seed-derived RNG, so
 * the result is the same whatever the thread count; the logging policy samples a cluster, then an item from it by
 * popularity (O(clusters + log n) per slate instead of a scan of the catalogue).
 *
 * <p>Memory per item: latent factors 4·r bytes, features 4·d, bias, cluster and price 16, the catalogue's id map
 * about 60 — about 260 bytes at r = 8, d = 40 (1M items: ≈ 260 MB).
 */
final class LargeCatalogue {
    static final int BLOCK = 8192;

    private final SyntheticWorld world;
    private final SyntheticWorld.Config c;
    private final SyntheticWorld.Structure st;

    LargeCatalogue(SyntheticWorld world, SyntheticWorld.Config c) {
        this.world = world;
        this.c = c;
        this.st = c.structure();
    }

    void build() {
        SplittableRandom rng = new SplittableRandom(c.seed());
        int r = c.latentDimension();
        int n = c.items();
        int clusters = c.clusters();
        int groups = st.groups();
        float[] groupCenters = SyntheticWorld.gaussian(rng, groups * r, 1.0);
        float[] centers = new float[clusters * r];
        double[] clusterPrice = new double[clusters];
        for (int k = 0; k < clusters; k++) {
            int g = k % groups;
            for (int j = 0; j < r; j++) {
                centers[k * r + j] = (float) (groupCenters[g * r + j] + 0.6 * rng.nextGaussian());
            }
            clusterPrice[k] = 3.0 + 0.8 * rng.nextGaussian();
        }
        int d = c.itemDimension();
        float[] a = SyntheticWorld.gaussian(rng, d * r, 1.0 / Math.sqrt(r));
        long blockSeed = rng.nextLong();
        float[] latent = new float[n * r];
        float[] bias = new float[n];
        int[] cluster = new int[n];
        double[] prices = new double[n];
        float[] x = new float[n * d];
        double logN = Math.log(n + 1.0);
        int blocks = (n + BLOCK - 1) / BLOCK;
        IntStream.range(0, blocks).parallel().forEach(block -> {
            SplittableRandom br = new SplittableRandom(blockSeed + 0x9E3779B97F4A7C15L * block);
            for (int i = block * BLOCK; i < Math.min(n, (block + 1) * BLOCK); i++) {
                int k = br.nextInt(clusters);
                cluster[i] = k;
                for (int j = 0; j < r; j++) {
                    latent[i * r + j] = (float) (centers[k * r + j] + 0.35 * br.nextGaussian());
                }
                // Zipf rank: P(rank <= q) ∝ q^(1−zipf) (log-uniform at zipf = 1): most items sit in the long tail
                double u = br.nextDouble();
                double rank = st.zipf() == 1 ? Math.exp(u * logN) : Math.pow(1 + u * (Math.pow(n + 1.0, 1 - st.zipf()) - 1), 1 / (1 - st.zipf()));
                bias[i] = (float) (st.popularity() * (1 - 2 * Math.log(Math.max(1, rank)) / logN));
                prices[i] = Math.round(Math.exp(clusterPrice[k] + 0.3 * br.nextGaussian()) * 100) / 100.0;
                for (int q = 0; q < d; q++) {
                    double v = 0.15 * br.nextGaussian();
                    for (int j = 0; j < r; j++) {
                        v += a[q * r + j] * latent[i * r + j];
                    }
                    x[i * d + q] = (float) v;
                }
            }
        });
        standardise(x, n, d, blocks);
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i + 1L;
        }
        ItemTable items = new ItemTable(ids, x, d, prices.clone(), "synthetic(seed=" + c.seed() + ", items=" + n + ")");

        int m = c.users();
        float[] userLatent = SyntheticWorld.gaussian(rng, m * r, 1.0);
        float[] userDrift = SyntheticWorld.gaussian(rng, m * r, 1.0);
        SyntheticWorld.Profiles profiles = SyntheticWorld.profiles(rng, userLatent, m, r, c.profileDimension(),
                c.testFraction());
        world.assign(latent, bias, cluster, prices, userLatent, userDrift, profiles.raw(), items, profiles.test(),
                centers);
    }

    /** Column standardisation; per-block partial sums combined in block order (deterministic), then rounded. */
    private static void standardise(float[] x, int n, int d, int blocks) {
        double[][] partial = new double[blocks][2 * d];
        IntStream.range(0, blocks).parallel().forEach(block -> {
            double[] acc = partial[block];
            for (int i = block * BLOCK; i < Math.min(n, (block + 1) * BLOCK); i++) {
                for (int q = 0; q < d; q++) {
                    double v = x[i * d + q];
                    acc[q] += v;
                    acc[d + q] += v * v;
                }
            }
        });
        double[] mean = new double[d];
        double[] sd = new double[d];
        for (int q = 0; q < d; q++) {
            double s = 0;
            double ss = 0;
            for (double[] acc : partial) {
                s += acc[q];
                ss += acc[d + q];
            }
            mean[q] = s / n;
            sd[q] = Math.sqrt(Math.max(1e-12, ss / n - mean[q] * mean[q]));
        }
        IntStream.range(0, blocks).parallel().forEach(block -> {
            for (int i = block * BLOCK; i < Math.min(n, (block + 1) * BLOCK); i++) {
                for (int q = 0; q < d; q++) {
                    // rounded through Float.toString so that text files round-trip exactly
                    x[i * d + q] = Float.parseFloat(Float.toString((float) ((x[i * d + q] - mean[q]) / sd[q])));
                }
            }
        });
    }

    /**
     * The logging policy over the initial items: a cluster by {@code softmax(⟨u, centre⟩/√r)}, then an item of that
     * cluster with probability ∝ {@code exp(bias)} (popularity), K distinct per slate; clicks from the ground truth
     * with drift, clicked items appended to the history.
     */
    LogDataset log(LogFormat format, float[] bias, int[] cluster, float[] userLatent, float[] centers) {
        SplittableRandom rng = new SplittableRandom(c.seed() * 31 + 7);
        int k = c.slateSize();
        int r = c.latentDimension();
        int clusters = c.clusters();
        int initial = st.initialItems();
        int[] count = new int[clusters];
        for (int i = 0; i < initial; i++) {
            count[cluster[i]]++;
        }
        int[][] members = new int[clusters][];
        double[][] cdf = new double[clusters][];
        for (int q = 0; q < clusters; q++) {
            members[q] = new int[count[q]];
            cdf[q] = new double[count[q]];
        }
        int[] fill = new int[clusters];
        for (int i = 0; i < initial; i++) {
            int q = cluster[i];
            members[q][fill[q]++] = i;
        }
        for (int q = 0; q < clusters; q++) {
            double s = 0;
            for (int j = 0; j < members[q].length; j++) {
                s += Math.exp(bias[members[q][j]]);
                cdf[q][j] = s;
            }
        }
        SyntheticWorld.Log log = world.startLog(rng);
        double[] clusterCdf = new double[clusters];
        for (int u = 0; u < c.users(); u++) {
            double s = 0;
            for (int q = 0; q < clusters; q++) {
                double dot = 0;
                for (int j = 0; j < r; j++) {
                    dot += userLatent[u * r + j] * centers[q * r + j];
                }
                s += members[q].length == 0 ? 0 : Math.exp(Math.min(30, dot / Math.sqrt(r)));
                clusterCdf[q] = s;
            }
            float[] profile = world.profile(u);
            List<Integer> history = new ArrayList<>();
            for (int step = 0; step < c.rowsPerUser(); step++) {
                int[] slate = new int[k];
                Set<Integer> used = new HashSet<>();
                int tries = 0;
                for (int q = 0; q < k; q++) {
                    int item;
                    do {
                        if (tries++ < 50 * k) {
                            int cl = draw(clusterCdf, clusters, rng);
                            item = members[cl][draw(cdf[cl], members[cl].length, rng)];
                        } else {
                            item = rng.nextInt(initial);
                        }
                    } while (!used.add(item));
                    slate[q] = item;
                }
                log.add(u, step, slate, profile, history);
            }
        }
        return log.dataset(format);
    }

    /** An index drawn from a cumulative weight array of length n. */
    private static int draw(double[] cdf, int n, SplittableRandom rng) {
        double t = rng.nextDouble() * cdf[n - 1];
        int at = Arrays.binarySearch(cdf, 0, n, t);
        int i = at >= 0 ? at + 1 : -at - 1;
        return Math.min(i, n - 1);
    }
}
