package io.hsrl.core.sid;

import io.hsrl.contracts.CollisionStrategy;
import io.hsrl.artifact.IndexStats;
import io.hsrl.contracts.KMeansMode;
import io.hsrl.core.catalog.ItemTable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

/** The stats.json figures against a direct computation from the vectors, the codebook and the map. */
class IndexStatisticsTest {
    @ParameterizedTest
    @EnumSource(KMeansMode.class)
    void figuresMatchADirectComputation(KMeansMode mode) {
        // few codes and copied rows, so that some codes go unused and some SIDs collide
        ItemTable t = SidFixtures.gaussian(90, 4, 31, 1, 2, 40);
        SidIndex index = SidFixtures.build(t, SidFixtures.options(2, 16, mode, CollisionStrategy.EXTRA_LEVEL));
        IndexStats s = index.stats();
        ItemSidMap map = index.itemMap();
        Codebook cb = index.codebook();
        int n = t.size();

        Map<List<Integer>, Integer> perSid = new HashMap<>();
        double error = 0;
        for (int i = 0; i < n; i++) {
            int[] codes = Arrays.copyOf(map.sid(i), 2);
            perSid.merge(Arrays.stream(codes).boxed().toList(), 1, Integer::sum);
            float[] r = t.vector(i);
            for (int l = 0; l < 2; l++) {
                float[] c = cb.centroid(l, codes[l]);
                for (int d = 0; d < 4; d++) {
                    r[d] -= c[d];
                }
            }
            for (float v : r) {
                error += v * (double) v;
            }
        }
        long colliding = perSid.values().stream().filter(c -> c > 1).mapToLong(c -> c).sum();
        assertThat(s.items()).isEqualTo(n);
        assertThat(s.uniqueSids()).isEqualTo(perSid.size());
        assertThat(s.collidingItems()).isEqualTo(colliding);
        if (mode == KMeansMode.SEPARATING) {
            assertThat(colliding).as("90 items ≤ K² SIDs: separating leaves none").isZero();
        } else {
            assertThat(colliding).isGreaterThanOrEqualTo(4);
        }
        assertThat(s.collisionRate()).isCloseTo((double) colliding / n, offset(1e-12));
        assertThat(s.maxItemsPerSid()).isEqualTo(perSid.values().stream().mapToInt(c -> c).max().orElseThrow());
        assertThat(s.quantizationError()).isCloseTo(error / n, offset(1e-6 * error / n)); // the test subtracts in float
        assertThat(s.sidLength()).isEqualTo(colliding > 0 ? 3 : 2); // extraLevel appends a level only to resolve
        assertThat(s.kmeans()).isEqualTo(mode.value());
        assertThat(s.balanced()).isEqualTo(mode == KMeansMode.BALANCED);

        List<Double> utilisation = new ArrayList<>();
        List<Double> entropy = new ArrayList<>();
        for (int l = 0; l < 2; l++) {
            int[] counts = new int[16];
            for (int i = 0; i < n; i++) {
                counts[map.sid(i)[l]]++;
            }
            utilisation.add(Arrays.stream(counts).filter(c -> c > 0).count() / 16.0);
            double h = 0;
            for (int c : counts) {
                if (c > 0) {
                    h -= (double) c / n * (Math.log((double) c / n) / Math.log(2));
                }
            }
            entropy.add(h);
        }
        for (int l = 0; l < 2; l++) {
            assertThat(s.levelUtilization().get(l)).isCloseTo(utilisation.get(l), offset(1e-12));
            assertThat(s.levelEntropy().get(l)).isCloseTo(entropy.get(l), offset(1e-9)).isLessThanOrEqualTo(4.0);
        }
        if (mode == KMeansMode.BALANCED) {
            assertThat(s.levelUtilization()).containsOnly(1.0); // 90 rows over 16 codes: every code holds 5 or 6
        }
    }
}
