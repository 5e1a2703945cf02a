package io.hsrl.core.sid;

import io.hsrl.artifact.IndexStats;
import io.hsrl.contracts.KMeansMode;
import io.hsrl.core.catalog.ItemTable;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Builds a Semantic-ID index from an item catalogue: residual k-means codebooks (hsrl-reference.md §4), one-to-one
 * SIDs (§15) and the build's statistics.
 */
public final class IndexBuilder {
    /** The reference stops adding levels once the residual is this small (§4). */
    static final double REFERENCE_RESIDUAL_STOP = 1e-6;

    private IndexBuilder() {
    }

    public static SidIndex build(ItemTable table, IndexOptions options, BuildProgress progress) {
        long start = System.nanoTime();
        int n = table.size();
        int d = table.dimension();
        int levels = options.levels();
        int k = options.codebookSize();
        boolean reference = options.mode() == KMeansMode.REFERENCE;
        float[] x = table.vectors();
        float[] residual = x.clone();
        float[][] centroids = new float[levels][];
        int[] codes = new int[n * levels];
        List<Integer> iterations = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(options.seed());
        boolean stopped = false;
        int[] groups = null; // SEPARATING: each item's prefix group (null: one group)
        for (int l = 0; l < levels; l++) {
            SplittableRandom levelRandom = random.split();
            if (stopped) {
                centroids[l] = new float[k * d]; // the reference saves no further level; zeros encode as code 0
                iterations.add(0);
                continue;
            }
            int level = l;
            KMeans.Result result = KMeans.fit(residual, n, d, k, options.mode(), options.maxIterations(), levelRandom,
                    groups, (it, max) -> progress.update(level, levels, it, max));
            centroids[l] = result.centroids();
            iterations.add(result.iterations());
            int[] labels = result.labels();
            if (reference) {
                // §4: the residual uses the plain nearest centre, not the balanced labels
                labels = new int[n];
                KMeans.assignNearest(residual, n, k, new Distances(centroids[l], k, d), labels);
            }
            for (int i = 0; i < n; i++) {
                codes[i * levels + l] = labels[i];
            }
            subtract(residual, n, d, centroids[l], labels);
            if (options.mode() == KMeansMode.SEPARATING && l < levels - 1) {
                groups = refine(groups, labels, k);
            }
            if (reference && l < levels - 1 && frobenius(residual) < REFERENCE_RESIDUAL_STOP) {
                stopped = true;
            }
        }
        Codebook codebook = new Codebook(k, d, centroids);
        if (reference) {
            // §4 build_item2sid.py: SIDs come from greedy residual encoding through the saved codebook
            IntStream.range(0, n).parallel().forEach(i -> System.arraycopy(
                    codebook.encode(table.vector(i)).codes(), 0, codes, i * levels, levels));
        }
        double[] errors = new double[n];
        IntStream.range(0, n).parallel().forEach(i -> errors[i] = codebook.squaredError(x, i, codes, i * levels));
        double buildError = mean(errors);
        Collisions.Result resolved = Collisions.resolve(options.collisions(), codebook, x, n, codes, errors);
        double finalError = mean(errors);
        ItemSidMap map = new ItemSidMap(table.ids().clone(), resolved.sids(), resolved.length(), resolved.vocabulary(),
                codebook, finalError);
        double seconds = (System.nanoTime() - start) / 1e9;
        IndexStats stats = statistics(options, codebook, map, resolved, finalError, seconds, iterations);
        return new SidIndex(codebook, map, stats);
    }

    private static IndexStats statistics(IndexOptions o, Codebook codebook, ItemSidMap map, Collisions.Result r,
                                         double error, double seconds, List<Integer> iterations) {
        int n = map.items();
        int levels = codebook.levels();
        int k = codebook.size();
        List<Double> utilisation = new ArrayList<>();
        List<Double> entropy = new ArrayList<>();
        for (int l = 0; l < levels; l++) {
            long[] counts = new long[k];
            for (int i = 0; i < n; i++) {
                counts[r.codes()[i * levels + l]]++;
            }
            utilisation.add(utilisation(counts));
            entropy.add(entropyBits(counts));
        }
        // after resolution, counted again on the resolved SIDs rather than assumed
        List<int[]> groups = Collisions.groups(r.sids(), n, r.length(), new double[n]);
        long collidingAfter = groups.stream().filter(g -> g.length > 1).mapToLong(g -> g.length).sum();
        double after = (double) collidingAfter / n;
        int maxAfter = groups.stream().mapToInt(g -> g.length).max().orElse(0);
        return new IndexStats(IndexStats.SCHEMA_VERSION, n, r.uniqueSids(), r.collidingItems(),
                (double) r.collidingItems() / n, r.maxItemsPerSid(), levels, k, map.length(), codebook.dimension(),
                o.mode() == KMeansMode.BALANCED, o.collisions().value(), o.seed(), utilisation, entropy, error, seconds,
                null, null, null, null, o.mode().value(), iterations, after, maxAfter, r.reassignedItems());
    }

    /** Codes used / K. */
    static double utilisation(long[] counts) {
        long used = 0;
        for (long c : counts) {
            if (c > 0) {
                used++;
            }
        }
        return (double) used / counts.length;
    }

    /** Shannon entropy of the code-usage distribution, in bits. */
    static double entropyBits(long[] counts) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        double h = 0;
        for (long c : counts) {
            if (c > 0) {
                double p = (double) c / total;
                h -= p * Math.log(p) / Math.log(2);
            }
        }
        return h;
    }

    /** The groups of items that share the prefix extended by {@code labels}: dense ids in order of first item. */
    static int[] refine(int[] groups, int[] labels, int k) {
        Map<Long, Integer> ids = new HashMap<>();
        int[] next = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            long key = (groups == null ? 0L : groups[i]) * (long) k + labels[i];
            next[i] = ids.computeIfAbsent(key, key0 -> ids.size());
        }
        return next;
    }

    private static void subtract(float[] r, int n, int d, float[] c, int[] labels) {
        IntStream.range(0, Distances.blocks(n)).parallel().forEach(b -> {
            int to = Math.min(n, (b + 1) * Distances.BLOCK);
            for (int i = b * Distances.BLOCK; i < to; i++) {
                int co = labels[i] * d;
                int ro = i * d;
                for (int t = 0; t < d; t++) {
                    r[ro + t] -= c[co + t];
                }
            }
        });
    }

    private static double frobenius(float[] r) {
        double s = 0;
        for (float v : r) {
            s += (double) v * v;
        }
        return Math.sqrt(s);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double e : v) {
            s += e;
        }
        return s / v.length;
    }
}
