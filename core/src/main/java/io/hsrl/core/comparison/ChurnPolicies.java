package io.hsrl.core.comparison;

import io.hsrl.core.agent.SlatePolicy;
import io.hsrl.core.simulator.ChurningCatalogue;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/** The non-learning baselines over a changing catalogue: they serve active items only. */
final class ChurnPolicies {
    private ChurnPolicies() {
    }

    /** K distinct active items uniformly at random. */
    static SlatePolicy random(ChurningCatalogue catalogue) {
        return (histories, k, random) -> {
            int[][] out = new int[histories.length][];
            for (int r = 0; r < histories.length; r++) {
                out[r] = distinctActive(catalogue, k, random);
            }
            return out;
        };
    }

    static int[] distinctActive(ChurningCatalogue catalogue, int k, java.util.Random random) {
        int[] out = new int[k];
        Set<Integer> used = new HashSet<>();
        for (int j = 0; j < k; j++) {
            int i;
            do {
                i = catalogue.activeAt(random.nextInt(catalogue.size()));
            } while (!used.add(i));
            out[j] = i;
        }
        return out;
    }

    /**
     * K distinct active items uniformly at random among those {@code servable} accepts (a learner's warm-up serves
     * only items it can recommend itself: an arrival that found no Semantic ID has no action path to learn from).
     */
    static SlatePolicy random(ChurningCatalogue catalogue, IntPredicate servable) {
        return (histories, k, random) -> {
            int[] pool = new int[catalogue.size()];
            int n = 0;
            for (int a = 0; a < pool.length; a++) {
                int i = catalogue.activeAt(a);
                if (servable.test(i)) {
                    pool[n++] = i;
                }
            }
            if (n < k) {
                throw new IllegalStateException("only " + n + " servable items for slates of " + k);
            }
            int[][] out = new int[histories.length][];
            for (int r = 0; r < histories.length; r++) {
                out[r] = distinct(pool, n, k, random);
            }
            return out;
        };
    }

    private static int[] distinct(int[] pool, int n, int k, java.util.Random random) {
        int[] out = new int[k];
        Set<Integer> used = new HashSet<>();
        for (int j = 0; j < k; j++) {
            int i;
            do {
                i = pool[random.nextInt(n)];
            } while (!used.add(i));
            out[j] = i;
        }
        return out;
    }

    /**
     * The K active items clicked most often in the logged histories, for everybody (new items were never logged, so
     * most-popular never serves them: the cold-start problem churn creates).
     */
    static SlatePolicy mostPopular(ChurningCatalogue catalogue, int[][] loggedHistories) {
        int n = catalogue.universe();
        long[] counts = new long[n];
        for (int[] h : loggedHistories) {
            for (int i : h) {
                if (i >= 0) {
                    counts[i]++;
                }
            }
        }
        int[] order = IntStream.range(0, n).boxed()
                .sorted(Comparator.<Integer>comparingLong(i -> -counts[i]).thenComparingInt(i -> i))
                .mapToInt(Integer::intValue).toArray();
        return (histories, k, random) -> {
            int[] top = new int[k];
            int found = 0;
            for (int i = 0; i < order.length && found < k; i++) {
                if (catalogue.isActive(order[i])) {
                    top[found++] = order[i];
                }
            }
            int[][] out = new int[histories.length][];
            for (int r = 0; r < out.length; r++) {
                out[r] = Arrays.copyOf(top, k);
            }
            return out;
        };
    }
}
