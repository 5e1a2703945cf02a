package io.hsrl.core.sid;

import io.hsrl.contracts.CollisionStrategy;
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

    static IndexOptions options(int levels, int k, KMeansMode mode, CollisionStrategy collisions) {
        return new IndexOptions(levels, k, mode, 42, collisions, 20);
    }

    static SidIndex build(ItemTable table, IndexOptions options) {
        return IndexBuilder.build(table, options, BuildProgress.NONE);
    }
}
