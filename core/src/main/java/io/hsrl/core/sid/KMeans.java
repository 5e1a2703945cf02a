package io.hsrl.core.sid;

import io.hsrl.contracts.KMeansMode;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * One level of the residual codebook: k-means over {@code n} rows of {@code d} floats (row-major), plain, balanced or
 * separating (balanced within each group of rows that share a prefix).
 *
 * <p>Deterministic for a seed: random draws come from one {@link SplittableRandom}, parallel work is split into
 * fixed blocks ({@link Distances#BLOCK}) and every reduction adds the blocks in order.
 */
final class KMeans {
    /** Converged when at most this fraction of labels changed in an iteration (0 for tiny inputs). */
    static final double CONVERGED_FRACTION = 1e-4;
    /**
     * Or when the objective improved by less than this fraction. The balanced assignment plateaus with about 1% of
     * rows swapping between equally good clusters every iteration (measured on 100k × 64), so label stability alone
     * would run every build to the iteration limit.
     */
    static final double OBJECTIVE_TOLERANCE = 1e-3;
    /** k-means++ runs on at most this many rows per centre (a random subset): its k sequential passes are costly. */
    static final int SEEDING_ROWS_PER_CENTRE = 32;
    /**
     * Candidate pruning: a full pass (distances to all k centroids) keeps each row's {@code CANDIDATES} nearest
     * centroids; the next passes measure only those, until every {@code FULL_EVERY}-th pass, the last allowed one,
     * and the pass after convergence, which are full again. So the returned labels always come from an exact pass;
     * a pruned balanced pass whose candidates are all full falls back to the row's full distances. (Measured on
     * 100k × 64, K=256: CPU time of a build down from 34 s to under 19 s.)
     */
    static final int CANDIDATES = 16;
    static final int FULL_EVERY = 8;

    /** Called after every iteration, for progress reporting. */
    @FunctionalInterface
    interface IterationListener {
        void iteration(int done, int max);
    }

    /**
     * @param centroids {@code k × d}, row-major
     * @param labels    the assignment the centroids are the means of
     * @param objective sum of squared distances of the rows to their assigned centroid
     */
    record Result(float[] centroids, int[] labels, int iterations, boolean converged, double objective) {
    }

    private KMeans() {
    }

    static Result fit(float[] x, int n, int d, int k, KMeansMode mode, int maxIterations, SplittableRandom random,
                      IterationListener listener) {
        return fit(x, n, d, k, mode, maxIterations, random, null, listener);
    }

    /**
     * @param groups for {@link KMeansMode#SEPARATING}: each row's prefix group, dense ids from 0 ({@code null}: all
     *               rows form one group, which is {@link KMeansMode#BALANCED}); ignored by the other modes
     */
    static Result fit(float[] x, int n, int d, int k, KMeansMode mode, int maxIterations, SplittableRandom random,
                      int[] groups, IterationListener listener) {
        if (mode == KMeansMode.REFERENCE) {
            return ReferenceBalancedKMeans.fit(x, n, d, k, maxIterations, random, listener);
        }
        float[] centroids = seed(x, n, d, k, random);
        int m = Math.min(CANDIDATES, k);
        int[] candidates = m < k ? new int[n * m] : null;
        int[] labels = null;
        double previous = Double.POSITIVE_INFINITY;
        boolean converged = false;
        boolean finishing = false;
        int iteration = 0;
        double objective = 0;
        int tolerance = (int) Math.floor(CONVERGED_FRACTION * n);
        while (iteration < maxIterations) {
            iteration++;
            boolean full = candidates == null || finishing || iteration == maxIterations || (iteration - 1) % FULL_EVERY == 0;
            Distances distances = new Distances(centroids, k, d);
            int[] next = new int[n];
            objective = switch (mode) {
                case BALANCED -> assignBalanced(x, n, d, k, distances, next, candidates, m, full, null);
                case SEPARATING -> assignBalanced(x, n, d, k, distances, next, candidates, m, full, groups);
                default -> assignNearest(x, n, d, k, distances, next, candidates, m, full);
            };
            int changed = labels == null ? n : changed(labels, next);
            labels = next;
            centroids = means(x, n, d, k, labels, centroids);
            listener.iteration(iteration, maxIterations);
            boolean settled = changed <= tolerance || previous - objective < OBJECTIVE_TOLERANCE * previous;
            if (finishing || (settled && full)) {
                converged = true;
                break;
            }
            finishing = settled; // a pruned pass converged: one exact pass gives the final labels
            previous = objective;
        }
        return new Result(centroids, labels, iteration, converged, objective);
    }

    /** k-means++ on a random subset of at most {@link #SEEDING_ROWS_PER_CENTRE}·k rows. */
    static float[] seed(float[] x, int n, int d, int k, SplittableRandom random) {
        int m = (int) Math.min(n, (long) SEEDING_ROWS_PER_CENTRE * k);
        if (m == n) {
            return kMeansPlusPlus(x, n, d, k, random);
        }
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        float[] subset = new float[m * d];
        for (int i = 0; i < m; i++) {
            int j = i + random.nextInt(n - i);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
            System.arraycopy(x, p[i] * d, subset, i * d, d);
        }
        return kMeansPlusPlus(subset, m, d, k, random);
    }

    /**
     * k-means++ (Arthur and Vassilvitskii): each next centre is drawn with probability proportional to the squared
     * distance to the nearest centre chosen so far. When every row coincides with a centre (fewer distinct rows than
     * k) the rest are drawn uniformly; ties in assignment go to the lowest index, so such duplicates stay unused.
     */
    static float[] kMeansPlusPlus(float[] x, int n, int d, int k, SplittableRandom random) {
        float[] c = new float[k * d];
        float[] nearest = new float[n];
        int blocks = Distances.blocks(n);
        double[] blockSums = new double[blocks];
        int first = random.nextInt(n);
        System.arraycopy(x, first * d, c, 0, d);
        Arrays.fill(nearest, Float.POSITIVE_INFINITY);
        updateNearest(x, n, d, c, 0, nearest, blockSums);
        for (int j = 1; j < k; j++) {
            double total = 0;
            for (double s : blockSums) {
                total += s;
            }
            int pick = total > 0 ? sample(nearest, n, blockSums, random.nextDouble() * total) : random.nextInt(n);
            System.arraycopy(x, pick * d, c, j * d, d);
            updateNearest(x, n, d, c, j, nearest, blockSums);
        }
        return c;
    }

    private static int sample(float[] weights, int n, double[] blockSums, double target) {
        double cumulative = 0;
        int lastPositive = -1;
        for (int b = 0; b < blockSums.length; b++) {
            if (cumulative + blockSums[b] <= target) {
                cumulative += blockSums[b];
                if (blockSums[b] > 0) {
                    lastPositive = lastPositiveIn(weights, b, n);
                }
                continue;
            }
            int to = Math.min(n, (b + 1) * Distances.BLOCK);
            for (int i = b * Distances.BLOCK; i < to; i++) {
                if (weights[i] > 0) {
                    cumulative += weights[i];
                    lastPositive = i;
                    if (cumulative > target) {
                        return i;
                    }
                }
            }
        }
        return lastPositive; // rounding: the target fell past the last positive weight
    }

    private static int lastPositiveIn(float[] w, int block, int n) {
        for (int i = Math.min(n, (block + 1) * Distances.BLOCK) - 1; i >= block * Distances.BLOCK; i--) {
            if (w[i] > 0) {
                return i;
            }
        }
        return -1;
    }

    private static void updateNearest(float[] x, int n, int d, float[] c, int j, float[] nearest, double[] blockSums) {
        int co = j * d;
        IntStream.range(0, blockSums.length).parallel().forEach(b -> {
            int to = Math.min(n, (b + 1) * Distances.BLOCK);
            double sum = 0;
            for (int i = b * Distances.BLOCK; i < to; i++) {
                float dist = squaredFloat(x, i * d, c, co, d);
                if (dist < nearest[i]) {
                    nearest[i] = dist;
                }
                sum += nearest[i];
            }
            blockSums[b] = sum;
        });
    }

    /** Exact nearest-centroid assignment (lowest index on ties); returns the objective. */
    static double assignNearest(float[] x, int n, int k, Distances distances, int[] labels) {
        return assignNearest(x, n, 0, k, distances, labels, null, 0, true);
    }

    /**
     * Nearest-centroid assignment, over every centroid ({@code full}, refreshing {@code candidates} when given) or over
     * each row's candidates; returns the objective.
     */
    static double assignNearest(float[] x, int n, int d, int k, Distances distances, int[] labels, int[] candidates,
                                int m, boolean full) {
        int blocks = Distances.blocks(n);
        double[] partial = new double[blocks];
        IntStream.range(0, blocks).parallel().forEach(b -> {
            int from = b * Distances.BLOCK;
            int to = Math.min(n, from + Distances.BLOCK);
            double sum = 0;
            if (full) {
                float[] row = new float[(to - from) * k];
                distances.rows(x, from, to, row, 0);
                float[] scratch = new float[m];
                for (int i = from; i < to; i++) {
                    int o = (i - from) * k;
                    int best = argmin(row, o, k);
                    labels[i] = best;
                    sum += row[o + best];
                    if (candidates != null) {
                        nearestOf(row, o, k, candidates, i * m, m, scratch);
                    }
                }
            } else {
                float[] cd = new float[m];
                for (int i = from; i < to; i++) {
                    candidateDistances(x, i, d, distances, candidates, i * m, m, cd);
                    int best = argmin(cd, 0, m);
                    labels[i] = candidates[i * m + best];
                    sum += cd[best];
                }
            }
            partial[b] = sum;
        });
        double total = 0;
        for (double p : partial) {
            total += p;
        }
        return total;
    }

    /**
     * Capacity-constrained assignment: exactly {@code n mod k} clusters receive ⌈n/k⌉ rows and the others ⌊n/k⌋.
     * Rows are placed in decreasing order of regret (second-nearest minus nearest distance), so rows with a clear
     * preference get it; a row whose nearest cluster is full takes its nearest cluster with room. Capacities start
     * at zero in every iteration (the reference's bug was to start them from the previous labels, §4). A pruned pass
     * measures only each row's candidates and computes a full row only for a row whose candidates are all full.
     *
     * <p>With {@code groups}, the capacities hold within each group instead: a group of {@code g} rows puts ⌈g/k⌉
     * rows on exactly {@code g mod k} clusters and ⌊g/k⌋ on the others (so a group of at most {@code k} rows uses
     * distinct clusters). Groups are independent, so each is placed on its own, in the same order of regret.
     */
    static double assignBalanced(float[] x, int n, int d, int k, Distances distances, int[] labels, int[] candidates,
                                 int m, boolean full, int[] groups) {
        int width = full ? k : m; // distances kept per row: all centroids, or the candidates
        float[] dist = full ? distances.matrix(x, n) : new float[n * m];
        int[] best = new int[n];
        long[] order = new long[n];
        IntStream.range(0, Distances.blocks(n)).parallel().forEach(b -> {
            int to = Math.min(n, (b + 1) * Distances.BLOCK);
            float[] scratch = new float[m];
            for (int i = b * Distances.BLOCK; i < to; i++) {
                int o = i * width;
                if (!full) {
                    candidateDistances(x, i, d, distances, candidates, i * m, m, scratch);
                    System.arraycopy(scratch, 0, dist, o, m);
                } else if (candidates != null) {
                    nearestOf(dist, o, k, candidates, i * m, m, scratch);
                }
                int b1 = 0;
                float d1 = dist[o];
                float d2 = Float.POSITIVE_INFINITY;
                for (int j = 1; j < width; j++) {
                    float v = dist[o + j];
                    if (v < d1) {
                        d2 = d1;
                        d1 = v;
                        b1 = j;
                    } else if (v < d2) {
                        d2 = v;
                    }
                }
                best[i] = b1; // a column of this row's distances: a centroid when full, a candidate slot otherwise
                float regret = width == 1 ? 0f : d2 - d1;
                // non-negative floats order like their bit patterns; descending regret, then ascending index
                order[i] = ((long) (Integer.MAX_VALUE - Float.floatToIntBits(regret)) << 32) | i;
            }
        });
        Arrays.parallelSort(order);
        long[] placement = groups == null ? order : byGroup(order, groups);
        int[] size = new int[k];
        double objective = 0;
        float[] row = full ? null : new float[k];
        int from = 0;
        while (from < n) {
            int to = groups == null ? n : groupEnd(placement, groups, from);
            objective += placeGroup(x, placement, from, to, k, m, full, width, dist, best, candidates, distances, row,
                    size, labels);
            for (int p = from; p < to; p++) {
                size[labels[(int) placement[p]]] = 0;
            }
            from = to;
        }
        return objective;
    }

    /** The rows {@code order[from..to)}, in that order, onto clusters with room: balanced within those rows. */
    private static double placeGroup(float[] x, long[] order, int from, int to, int k, int m, boolean full, int width,
                                     float[] dist, int[] best, int[] candidates, Distances distances, float[] row,
                                     int[] size, int[] labels) {
        int floor = (to - from) / k;
        int extra = (to - from) % k;
        int atCeiling = 0;
        double objective = 0;
        for (int p = from; p < to; p++) {
            int i = (int) order[p];
            int o = i * width;
            int j = full ? best[i] : candidates[i * m + best[i]];
            float dj = dist[o + best[i]];
            if (!hasRoom(size[j], floor, atCeiling, extra)) {
                j = -1;
                dj = Float.POSITIVE_INFINITY;
                for (int c = 0; c < width; c++) {
                    int cluster = full ? c : candidates[i * m + c];
                    if (dist[o + c] < dj && hasRoom(size[cluster], floor, atCeiling, extra)) {
                        dj = dist[o + c];
                        j = cluster;
                    }
                }
                if (j < 0) { // every candidate is full: this row's distances to all centroids
                    distances.rows(x, i, i + 1, row, 0);
                    for (int c = 0; c < k; c++) {
                        if (row[c] < dj && hasRoom(size[c], floor, atCeiling, extra)) {
                            dj = row[c];
                            j = c;
                        }
                    }
                }
            }
            labels[i] = j;
            objective += dj;
            if (++size[j] == floor + 1) {
                atCeiling++;
            }
        }
        return objective;
    }

    /** A stable reordering of {@code order} (row keys) by the rows' group. */
    private static long[] byGroup(long[] order, int[] groups) {
        int count = 0;
        for (int g : groups) {
            count = Math.max(count, g + 1);
        }
        int[] start = new int[count + 1];
        for (int g : groups) {
            start[g + 1]++;
        }
        for (int g = 0; g < count; g++) {
            start[g + 1] += start[g];
        }
        long[] out = new long[order.length];
        for (long key : order) {
            out[start[groups[(int) key]]++] = key;
        }
        return out;
    }

    private static int groupEnd(long[] order, int[] groups, int from) {
        int g = groups[(int) order[from]];
        int to = from + 1;
        while (to < order.length && groups[(int) order[to]] == g) {
            to++;
        }
        return to;
    }

    private static int argmin(float[] v, int offset, int count) {
        int best = 0;
        float bd = v[offset];
        for (int j = 1; j < count; j++) {
            if (v[offset + j] < bd) {
                bd = v[offset + j];
                best = j;
            }
        }
        return best;
    }

    /** The {@code m} nearest centroids of a full distance row, nearest first (lower index on ties). */
    private static void nearestOf(float[] row, int o, int k, int[] out, int outOffset, int m, float[] scratch) {
        int size = 0;
        for (int j = 0; j < k; j++) {
            float v = row[o + j];
            if (size == m && v >= scratch[m - 1]) {
                continue;
            }
            int p = size == m ? m - 1 : size++;
            while (p > 0 && scratch[p - 1] > v) {
                scratch[p] = scratch[p - 1];
                out[outOffset + p] = out[outOffset + p - 1];
                p--;
            }
            scratch[p] = v;
            out[outOffset + p] = j;
        }
    }

    private static void candidateDistances(float[] x, int i, int d, Distances distances, int[] candidates, int co,
                                           int m, float[] out) {
        float[] c = distances.centroids();
        for (int s = 0; s < m; s++) {
            out[s] = squaredFloat(x, i * d, c, candidates[co + s] * d, d);
        }
    }

    static float squaredFloat(float[] x, int xo, float[] c, int co, int d) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int t = 0;
        for (; t + 4 <= d; t += 4) {
            float a0 = x[xo + t] - c[co + t];
            float a1 = x[xo + t + 1] - c[co + t + 1];
            float a2 = x[xo + t + 2] - c[co + t + 2];
            float a3 = x[xo + t + 3] - c[co + t + 3];
            s0 += a0 * a0;
            s1 += a1 * a1;
            s2 += a2 * a2;
            s3 += a3 * a3;
        }
        for (; t < d; t++) {
            float a = x[xo + t] - c[co + t];
            s0 += a * a;
        }
        return (s0 + s1) + (s2 + s3);
    }

    private static boolean hasRoom(int size, int floor, int atCeiling, int extra) {
        return size < floor || (size == floor && atCeiling < extra);
    }

    /** Centroid = mean of its members, summed in row order; an empty cluster keeps its previous centroid. */
    static float[] means(float[] x, int n, int d, int k, int[] labels, float[] previous) {
        int[] start = new int[k + 1];
        for (int l : labels) {
            start[l + 1]++;
        }
        for (int j = 0; j < k; j++) {
            start[j + 1] += start[j];
        }
        int[] members = new int[n];
        int[] fill = Arrays.copyOf(start, k);
        for (int i = 0; i < n; i++) {
            members[fill[labels[i]]++] = i;
        }
        float[] c = new float[k * d];
        IntStream.range(0, k).parallel().forEach(j -> {
            int count = start[j + 1] - start[j];
            if (count == 0) {
                System.arraycopy(previous, j * d, c, j * d, d);
                return;
            }
            double[] sum = new double[d];
            for (int m = start[j]; m < start[j + 1]; m++) {
                int xo = members[m] * d;
                for (int t = 0; t < d; t++) {
                    sum[t] += x[xo + t];
                }
            }
            for (int t = 0; t < d; t++) {
                c[j * d + t] = (float) (sum[t] / count);
            }
        });
        return c;
    }

    private static int changed(int[] a, int[] b) {
        int c = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                c++;
            }
        }
        return c;
    }
}
