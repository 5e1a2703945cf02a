package io.hsrl.core.agent;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;

/** The non-learning baselines of the comparison (docs/algorithm.md, baselines): random and most-popular slates. */
public final class Baselines {
    private Baselines() {
    }

    /** K distinct items uniformly at random. */
    public static SlatePolicy random(int items) {
        return (histories, k, random) -> {
            int[][] out = new int[histories.length][];
            for (int r = 0; r < histories.length; r++) {
                out[r] = HsrlAgent.distinctRandom(items, k, random);
            }
            return out;
        };
    }

    /** The K items that occur most often in the given (logged) histories, for everybody. */
    public static SlatePolicy mostPopular(int items, int[][] loggedHistories) {
        long[] counts = new long[items];
        for (int[] h : loggedHistories) {
            for (int i : h) {
                if (i >= 0) {
                    counts[i]++;
                }
            }
        }
        Integer[] order = IntStream.range(0, items).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.<Integer>comparingLong(i -> -counts[i]).thenComparingInt(i -> i));
        return (histories, k, random) -> {
            int[][] out = new int[histories.length][k];
            for (int r = 0; r < histories.length; r++) {
                for (int j = 0; j < k; j++) {
                    out[r][j] = order[j];
                }
            }
            return out;
        };
    }

    /** The trained agent, acting greedily (beam search in hsrl mode, top-K in reference mode). */
    public static SlatePolicy greedy(SlateAgent agent) {
        return (histories, k, random) -> agent.act(histories, false, random).items();
    }
}
