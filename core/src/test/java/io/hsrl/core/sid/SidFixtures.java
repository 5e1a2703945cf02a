package io.hsrl.core.sid;

import io.hsrl.contracts.CollisionStrategy;
import io.hsrl.contracts.KMeansMode;
import io.hsrl.core.catalog.ItemTable;

import java.util.Random;

/** Seeded catalogues for the Semantic-ID tests. */
final class SidFixtures {
    private SidFixtures() {
    }

    /** Gaussian rows, ids 101, 102, ...; rows listed in {@code duplicates} copy row 0 (forced collisions). */
    static ItemTable gaussian(int n, int d, long seed, int... duplicates) {
        Random r = new Random(seed);
        float[] v = new float[n * d];
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = 101 + i;
            for (int t = 0; t < d; t++) {
                v[i * d + t] = (float) r.nextGaussian();
            }
        }
        for (int i : duplicates) {
            System.arraycopy(v, 0, v, i * d, d);
        }
        return new ItemTable(ids, v, d, null, "fixture");
    }

    /**
     * {@code clusters} Gaussian blobs (centres with standard deviation 4, members with 1 around them), items
     * assigned to blobs at random; ids 101, 102, ...
     */
    static ItemTable clustered(int n, int d, int clusters, long seed) {
        return clustered(n, d, clusters, 4, seed);
    }

    /** As {@link #clustered(int, int, int, long)} with the centres' standard deviation {@code spread}. */
    static ItemTable clustered(int n, int d, int clusters, double spread, long seed) {
        Random r = new Random(seed);
        float[] centres = new float[clusters * d];
        for (int t = 0; t < centres.length; t++) {
            centres[t] = (float) (spread * r.nextGaussian());
        }
        float[] v = new float[n * d];
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = 101 + i;
            int c = r.nextInt(clusters);
            for (int t = 0; t < d; t++) {
                v[i * d + t] = centres[c * d + t] + (float) r.nextGaussian();
            }
        }
        return new ItemTable(ids, v, d, null, "fixture");
    }

    static IndexOptions options(int levels, int k, KMeansMode mode, CollisionStrategy collisions) {
        return new IndexOptions(levels, k, mode, 42, collisions, 20);
    }

    static SidIndex build(ItemTable table, IndexOptions options) {
        return IndexBuilder.build(table, options, BuildProgress.NONE);
    }

    /**
     * Builds the index in a pool of one thread and in one of three (parallel streams run in the pool of the task that
     * starts them) and asserts the codebook and item map are byte for byte the same.
     */
    static void assertSameWithOneAndThreeThreads(ItemTable table, IndexOptions options) throws Exception {
        java.util.concurrent.ForkJoinPool one = new java.util.concurrent.ForkJoinPool(1);
        java.util.concurrent.ForkJoinPool three = new java.util.concurrent.ForkJoinPool(3);
        try {
            SidIndex a = one.submit(() -> build(table, options)).get();
            SidIndex b = three.submit(() -> build(table, options)).get();
            org.assertj.core.api.Assertions.assertThat(a.codebook().toBytes()).isEqualTo(b.codebook().toBytes());
            org.assertj.core.api.Assertions.assertThat(a.itemMap().toBytes()).isEqualTo(b.itemMap().toBytes());
        } finally {
            one.shutdown();
            three.shutdown();
        }
    }
}
