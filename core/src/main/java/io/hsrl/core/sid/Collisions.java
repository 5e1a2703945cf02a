package io.hsrl.core.sid;

import io.hsrl.contracts.CollisionStrategy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds items that share a codebook SID and makes the map one-to-one (hsrl-reference.md §4: the reference had no
 * collision handling; §15: ours resolves them at index time).
 */
final class Collisions {
    /**
     * @param sids            resolved SIDs, {@code n × length}
     * @param codes           the codebook codes after resolution, {@code n × levels} (changed only by reassignment)
     * @param uniqueSids      distinct codebook SIDs before resolution
     * @param collidingItems  items sharing their codebook SID with another item, before resolution
     * @param maxItemsPerSid  largest number of items on one codebook SID, before resolution
     * @param reassignedItems items moved to another code
     */
    record Result(int[] sids, int length, int[] vocabulary, int[] codes, long uniqueSids, long collidingItems,
                  int maxItemsPerSid, long reassignedItems) {
    }

    private Collisions() {
    }

    /**
     * @param codes  {@code n × levels} codebook codes (not modified)
     * @param errors each item's squared quantisation error; updated for reassigned items
     */
    static Result resolve(CollisionStrategy policy, Codebook codebook, float[] x, int n, int[] codes, double[] errors) {
        int levels = codebook.levels();
        List<int[]> groups = groups(codes, n, levels, errors);
        long colliding = 0;
        int max = 0;
        for (int[] g : groups) {
            max = Math.max(max, g.length);
            if (g.length > 1) {
                colliding += g.length;
            }
        }
        int[] vocabulary = new int[levels];
        Arrays.fill(vocabulary, codebook.size());
        if (max == 1) {
            return new Result(codes.clone(), levels, vocabulary, codes.clone(), groups.size(), 0, 1, 0);
        }
        if (policy == CollisionStrategy.EXTRA_LEVEL) {
            int length = levels + 1;
            int[] sids = new int[n * length];
            for (int[] g : groups) {
                for (int rank = 0; rank < g.length; rank++) {
                    int i = g[rank];
                    System.arraycopy(codes, i * levels, sids, i * length, levels);
                    sids[i * length + levels] = rank;
                }
            }
            int[] v = Arrays.copyOf(vocabulary, length);
            v[levels] = max;
            return new Result(sids, length, v, codes.clone(), groups.size(), colliding, max, 0);
        }
        int[] moved = reassign(codebook, x, n, codes, errors, groups);
        return new Result(moved, levels, vocabulary, moved, groups.size(), colliding, max,
                groups.stream().filter(g -> g.length > 1).mapToLong(g -> g.length - 1).sum());
    }

    /** Items grouped by codebook SID, each group ordered by squared error, then index. */
    static List<int[]> groups(int[] codes, int n, int levels, double[] errors) {
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Comparator<Integer> bySid = (a, b) -> Arrays.compare(codes, a * levels, (a + 1) * levels, codes, b * levels, (b + 1) * levels);
        Arrays.sort(order, bySid.thenComparingDouble(i -> errors[i]).thenComparingInt(i -> i));
        List<int[]> groups = new ArrayList<>();
        int i = 0;
        while (i < n) {
            int j = i + 1;
            while (j < n && bySid.compare(order[i], order[j]) == 0) {
                j++;
            }
            int[] g = new int[j - i];
            for (int m = i; m < j; m++) {
                g[m - i] = order[m];
            }
            groups.add(g);
            i = j;
        }
        return groups;
    }

    private static int[] reassign(Codebook cb, float[] x, int n, int[] original, double[] errors, List<int[]> groups) {
        int levels = cb.levels();
        int k = cb.size();
        int bits = 32 - Integer.numberOfLeadingZeros(k - 1);
        if ((long) bits * levels > 63) {
            throw new IllegalArgumentException("--collisions reassign supports levels × log2(codebook size) ≤ 63 bits; use extraLevel");
        }
        if (Math.pow(k, levels) < n) {
            throw new IllegalArgumentException(n + " items do not fit in " + k + "^" + levels
                    + " SIDs: --collisions reassign is impossible, use extraLevel or a larger --codebook-size");
        }
        int[] codes = original.clone();
        Set<Long> taken = new HashSet<>();
        List<Integer> toMove = new ArrayList<>();
        for (int[] g : groups) {
            taken.add(pack(codes, g[0] * levels, levels, bits));
            for (int m = 1; m < g.length; m++) {
                toMove.add(g[m]);
            }
        }
        toMove.sort(Comparator.naturalOrder());
        int d = cb.dimension();
        for (int i : toMove) {
            int o = i * levels;
            float[] r = residual(x, i, d, cb, codes, o, levels - 1);
            long prefix = pack(codes, o, levels - 1, bits) << bits;
            float[] last = cb.level(levels - 1);
            int best = -1;
            double bd = Double.POSITIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                if (!taken.contains(prefix | j)) {
                    double dist = Distances.squared(r, 0, last, j, d);
                    if (dist < bd) {
                        bd = dist;
                        best = j;
                    }
                }
            }
            if (best >= 0) {
                codes[o + levels - 1] = best;
            } else if (levels >= 2) {
                widen(cb, x, i, codes, o, taken, bits);
            } else {
                throw new IllegalArgumentException("no free code left for item " + i + ": more items than --codebook-size");
            }
            taken.add(pack(codes, o, levels, bits));
            errors[i] = cb.squaredError(x, i, codes, o);
        }
        return codes;
    }

    /** The nearest free pair of codes at the last two levels, for an item whose last-level prefix is full. */
    private static void widen(Codebook cb, float[] x, int i, int[] codes, int o, Set<Long> taken, int bits) {
        int levels = cb.levels();
        int k = cb.size();
        int d = cb.dimension();
        float[] r = residual(x, i, d, cb, codes, o, levels - 2);
        long prefix = pack(codes, o, levels - 2, bits) << (2 * bits);
        float[] upper = cb.level(levels - 2);
        float[] last = cb.level(levels - 1);
        float[] ra = new float[d];
        int bestA = -1;
        int bestB = -1;
        double bd = Double.POSITIVE_INFINITY;
        for (int a = 0; a < k; a++) {
            for (int t = 0; t < d; t++) {
                ra[t] = r[t] - upper[a * d + t];
            }
            for (int b = 0; b < k; b++) {
                if (!taken.contains(prefix | ((long) a << bits) | b)) {
                    double dist = Distances.squared(ra, 0, last, b, d);
                    if (dist < bd) {
                        bd = dist;
                        bestA = a;
                        bestB = b;
                    }
                }
            }
        }
        if (bestA < 0) {
            throw new IllegalArgumentException("no free SID left under the prefix of item " + i
                    + " for --collisions reassign: use extraLevel or a larger --codebook-size");
        }
        codes[o + levels - 2] = bestA;
        codes[o + levels - 1] = bestB;
    }

    private static float[] residual(float[] x, int i, int d, Codebook cb, int[] codes, int o, int upTo) {
        float[] r = Arrays.copyOfRange(x, i * d, (i + 1) * d);
        for (int l = 0; l < upTo; l++) {
            float[] c = cb.level(l);
            int z = codes[o + l];
            for (int t = 0; t < d; t++) {
                r[t] -= c[z * d + t];
            }
        }
        return r;
    }

    private static long pack(int[] codes, int offset, int count, int bits) {
        long key = 0;
        for (int l = 0; l < count; l++) {
            key = (key << bits) | codes[offset + l];
        }
        return key;
    }
}
