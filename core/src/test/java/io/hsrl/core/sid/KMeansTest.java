package io.hsrl.core.sid;

import io.hsrl.contracts.CollisionStrategy;
import io.hsrl.contracts.KMeansMode;
import io.hsrl.core.catalog.ItemTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class KMeansTest {

    private static int[] sizes(int[] labels, int k) {
        int[] s = new int[k];
        for (int l : labels) {
            s[l]++;
        }
        return s;
    }

    @ParameterizedTest
    @CsvSource({"1003, 16", "64, 16", "10, 16", "257, 256", "3001, 64"})
    void balancedClusterSizesAreWithinFloorAndCeiling(int n, int k) {
        ItemTable t = SidFixtures.gaussian(n, 8, n);
        KMeans.Result r = KMeans.fit(t.vectors(), n, 8, k, KMeansMode.BALANCED, 15, new SplittableRandom(1), (a, b) -> { });
        for (int s : sizes(r.labels(), k)) {
            assertThat(s).isBetween(n / k, (n + k - 1) / k);
        }
        assertThat(Arrays.stream(sizes(r.labels(), k)).filter(s -> s == n / k + 1).count()).isEqualTo(n % k);
    }

    @Test
    void balancedSizesHoldAtEveryLevelOfABuild() {
        int n = 1001;
        int k = 16;
        SidIndex index = SidFixtures.build(SidFixtures.gaussian(n, 12, 5),
                SidFixtures.options(3, k, KMeansMode.BALANCED, CollisionStrategy.EXTRA_LEVEL));
        ItemSidMap map = index.itemMap();
        for (int l = 0; l < 3; l++) {
            int[] counts = new int[k];
            for (int i = 0; i < n; i++) {
                counts[map.sid(i)[l]]++;
            }
            for (int c : counts) {
                assertThat(c).as("level %d", l).isBetween(n / k, n / k + 1);
            }
        }
    }

    @Test
    void balancedHandlesIdenticalRows() {
        int n = 50;
        float[] x = new float[n * 4];
        Arrays.fill(x, 1.5f);
        KMeans.Result r = KMeans.fit(x, n, 4, 8, KMeansMode.BALANCED, 10, new SplittableRandom(3), (a, b) -> { });
        for (int s : sizes(r.labels(), 8)) {
            assertThat(s).isBetween(6, 7);
        }
    }

    @Test
    void plainKMeansSeparatesDistantBlobs() {
        int per = 40;
        int d = 5;
        float[] x = new float[4 * per * d];
        SplittableRandom noise = new SplittableRandom(9);
        for (int b = 0; b < 4; b++) {
            for (int i = 0; i < per; i++) {
                for (int t = 0; t < d; t++) {
                    x[((b * per) + i) * d + t] = (t == b ? 100f : 0f) + (float) noise.nextGaussian();
                }
            }
        }
        KMeans.Result r = KMeans.fit(x, 4 * per, d, 4, KMeansMode.PLAIN, 50, new SplittableRandom(2), (a, c) -> { });
        assertThat(r.converged()).isTrue();
        for (int b = 0; b < 4; b++) {
            int label = r.labels()[b * per];
            for (int i = 0; i < per; i++) {
                assertThat(r.labels()[b * per + i]).isEqualTo(label);
            }
        }
        assertThat(Arrays.stream(r.labels()).distinct().count()).isEqualTo(4);
        // the centroids are the members' means
        for (int j = 0; j < 4; j++) {
            double sum = 0;
            int count = 0;
            for (int i = 0; i < 4 * per; i++) {
                if (r.labels()[i] == j) {
                    sum += x[i * d];
                    count++;
                }
            }
            assertThat((double) r.centroids()[j * d]).isCloseTo(sum / count, org.assertj.core.data.Offset.offset(1e-3));
        }
    }

    @Test
    void referencePortReproducesTheOneGreedyPassBug() {
        // §4: cluster 0 starts "full", rows in index order fill 1..k-1, the leftovers (the last rows) stay in 0,
        // and iteration 2 moves nothing.
        int n = 100;
        int k = 4;
        ItemTable t = SidFixtures.gaussian(n, 6, 8);
        KMeans.Result r = KMeans.fit(t.vectors(), n, 6, k, KMeansMode.REFERENCE, 25, new SplittableRandom(4), (a, b) -> { });
        assertThat(r.iterations()).isEqualTo(2);
        assertThat(r.converged()).isTrue();
        for (int i = 0; i < n; i++) {
            assertThat(r.labels()[i] == 0).as("row %d", i).isEqualTo(i >= n - n / k);
        }
    }

    @Test
    void balancedIsBetterThanTheReferenceOnTheSameData() {
        int n = 2000;
        ItemTable t = SidFixtures.gaussian(n, 16, 10);
        double ours = KMeans.fit(t.vectors(), n, 16, 32, KMeansMode.BALANCED, 20, new SplittableRandom(5), (a, b) -> { }).objective();
        double ref = KMeans.fit(t.vectors(), n, 16, 32, KMeansMode.REFERENCE, 20, new SplittableRandom(5), (a, b) -> { }).objective();
        assertThat(ours).isLessThan(ref);
    }

    @Test
    void sameSeedGivesTheSameCodebookAndAnotherSeedAnother() {
        ItemTable t = SidFixtures.gaussian(3000, 10, 6);
        IndexOptions o = SidFixtures.options(3, 32, KMeansMode.BALANCED, CollisionStrategy.REASSIGN);
        SidIndex a = SidFixtures.build(t, o);
        SidIndex b = SidFixtures.build(t, o);
        assertThat(a.codebook()).isEqualTo(b.codebook());
        assertThat(a.codebook().toBytes()).isEqualTo(b.codebook().toBytes());
        assertThat(a.itemMap().toBytes()).isEqualTo(b.itemMap().toBytes());
        SidIndex c = SidFixtures.build(t, new IndexOptions(3, 32, KMeansMode.BALANCED, 43, CollisionStrategy.REASSIGN, 20));
        assertThat(c.codebook()).isNotEqualTo(a.codebook());
    }

    @Test
    void theResultDoesNotDependOnTheNumberOfThreads() throws Exception {
        SidFixtures.assertSameWithOneAndThreeThreads(SidFixtures.gaussian(4000, 8, 14),
                SidFixtures.options(2, 64, KMeansMode.BALANCED, CollisionStrategy.EXTRA_LEVEL));
    }

    @Test
    void batchedDistancesMatchTheDirectFormula() {
        ItemTable t = SidFixtures.gaussian(37, 9, 12);
        float[] c = Arrays.copyOf(t.vectors(), 5 * 9);
        float[] m = new Distances(c, 5, 9).matrix(t.vectors(), 37);
        for (int i = 0; i < 37; i++) {
            for (int j = 0; j < 5; j++) {
                assertThat((double) m[i * 5 + j]).isCloseTo(Distances.squared(t.vectors(), i, c, j, 9),
                        org.assertj.core.data.Offset.offset(1e-3));
            }
        }
    }
}
