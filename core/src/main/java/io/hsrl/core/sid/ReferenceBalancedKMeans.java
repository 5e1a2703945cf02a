package io.hsrl.core.sid;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A faithful port of the reference's {@code BalancedKMeans} (hsrl-reference.md §4), bug included, for comparisons:
 * centres are k distinct random rows (a random permutation), labels start at 0, and every iteration starts the
 * running cluster sizes from the counts of the current labels instead of zero. So in iteration 1 cluster 0 is "full",
 * each row in index order takes its nearest non-full cluster, the leftovers stay in cluster 0, and iteration 2 moves
 * nothing: one greedy, order-dependent pass. The per-row loop (distances to every centre, sort, first with room) is
 * kept as the reference wrote it, unbatched, so that benchmarks compare like with like.
 */
final class ReferenceBalancedKMeans {
    private ReferenceBalancedKMeans() {
    }

    static KMeans.Result fit(float[] x, int n, int d, int k, int maxIterations, SplittableRandom random,
                             KMeans.IterationListener listener) {
        int[] perm = permutation(n, random);
        float[] c = new float[k * d];
        for (int j = 0; j < k; j++) {
            System.arraycopy(x, perm[j % n] * d, c, j * d, d);
        }
        int[] capacity = new int[k];
        for (int j = 0; j < k; j++) {
            capacity[j] = n / k + (j < n % k ? 1 : 0);
        }
        int[] labels = new int[n];
        int iteration = 0;
        boolean converged = false;
        double[] dist = new double[k];
        long[] order = new long[k];
        while (iteration < maxIterations) {
            iteration++;
            int[] sizes = new int[k];
            for (int l : labels) {
                sizes[l]++; // the bug: should start from zero
            }
            int[] next = labels.clone();
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < k; j++) {
                    dist[j] = Distances.squared(x, i, c, j, d);
                    order[j] = ((long) Float.floatToIntBits((float) dist[j]) << 32) | j;
                }
                Arrays.sort(order);
                for (long key : order) {
                    int j = (int) key;
                    if (sizes[j] < capacity[j]) {
                        next[i] = j;
                        sizes[j]++;
                        break;
                    }
                }
            }
            listener.iteration(iteration, maxIterations);
            if (Arrays.equals(next, labels)) {
                converged = true;
                break;
            }
            labels = next;
            c = KMeans.means(x, n, d, k, labels, c);
        }
        double objective = 0;
        for (int i = 0; i < n; i++) {
            objective += Distances.squared(x, i, c, labels[i], d);
        }
        return new KMeans.Result(c, labels, iteration, converged, objective);
    }

    private static int[] permutation(int n, SplittableRandom random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
