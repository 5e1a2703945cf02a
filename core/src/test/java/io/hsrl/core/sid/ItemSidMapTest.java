package io.hsrl.core.sid;

import io.hsrl.contracts.CollisionStrategy;
import io.hsrl.contracts.KMeansMode;
import io.hsrl.core.catalog.ItemTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ItemSidMapTest {
    // rows 1..5 copy row 0: six items with one codebook SID, whatever the codebook
    private static final ItemTable COLLIDING = SidFixtures.gaussian(100, 8, 21, 1, 2, 3, 4, 5);

    static void assertOneToOne(ItemSidMap map) {
        Set<List<Integer>> seen = new HashSet<>();
        for (int i = 0; i < map.items(); i++) {
            int[] sid = map.sid(i);
            assertThat(seen.add(Arrays.stream(sid).boxed().toList())).as("SID of item %d is unique", i).isTrue();
            assertThat(map.item(sid)).isEqualTo(i);
        }
    }

    @ParameterizedTest
    @EnumSource(CollisionStrategy.class)
    void everyItemHasAUniqueSidThatMapsBack(CollisionStrategy policy) {
        for (KMeansMode mode : KMeansMode.values()) {
            // separating gives the copies distinct SIDs wherever 100 items fit K² SIDs, which is where reassign can
            // place them all (SeparatingKMeansTest); 8² SIDs do not hold them
            if (mode == KMeansMode.SEPARATING && policy == CollisionStrategy.REASSIGN) {
                continue;
            }
            int k = mode == KMeansMode.SEPARATING ? 8 : 16;
            SidIndex index = SidFixtures.build(COLLIDING, SidFixtures.options(2, k, mode, policy));
            assertThat(index.stats().collidingItems()).as(mode.value()).isGreaterThanOrEqualTo(6);
            assertThat(index.stats().maxItemsPerSid()).isGreaterThanOrEqualTo(mode == KMeansMode.SEPARATING ? 2 : 6);
            assertThat(index.stats().collisionRateAfter()).isZero();
            assertThat(index.stats().maxItemsPerSidAfter()).isEqualTo(1);
            assertOneToOne(index.itemMap());
        }
    }

    @Test
    void extraLevelAppendsTheRankWithinTheCollidingGroup() {
        SidIndex index = SidFixtures.build(COLLIDING, SidFixtures.options(2, 16, KMeansMode.BALANCED, CollisionStrategy.EXTRA_LEVEL));
        ItemSidMap map = index.itemMap();
        assertThat(map.length()).isEqualTo(3);
        assertThat(map.vocabulary(2)).isEqualTo(index.stats().maxItemsPerSid());
        Set<Integer> ranks = IntStream.rangeClosed(0, 5).map(i -> map.sid(i)[2]).boxed().collect(Collectors.toSet());
        assertThat(ranks).hasSize(6);
        // same codebook tokens for the six copies
        for (int i = 1; i <= 5; i++) {
            assertThat(Arrays.copyOf(map.sid(i), 2)).isEqualTo(Arrays.copyOf(map.sid(0), 2));
        }
    }

    @Test
    void reassignMovesToTheNearestFreeCodeAtTheLastLevel() {
        SidIndex index = SidFixtures.build(COLLIDING, SidFixtures.options(2, 16, KMeansMode.PLAIN, CollisionStrategy.REASSIGN));
        ItemSidMap map = index.itemMap();
        Codebook cb = index.codebook();
        assertThat(map.length()).isEqualTo(2);
        int first = map.sid(0)[0];
        assertThat(index.stats().reassignedItems()).isGreaterThanOrEqualTo(5);
        // the six copies keep their first-level code (16 codes under it are enough) and take six distinct last codes
        Set<Integer> last = new TreeSet<>();
        for (int i = 0; i <= 5; i++) {
            assertThat(map.sid(i)[0]).isEqualTo(first);
            last.add(map.sid(i)[1]);
        }
        assertThat(last).hasSize(6);
        // the copy moved last (highest index) took the nearest code not taken by another item under that prefix
        Set<Integer> takenByOthers = new HashSet<>();
        for (int i = 0; i < map.items(); i++) {
            if (i != 5 && map.sid(i)[0] == first) {
                takenByOthers.add(map.sid(i)[1]);
            }
        }
        float[] r = COLLIDING.vector(5);
        float[] c0 = cb.centroid(0, first);
        for (int t = 0; t < r.length; t++) {
            r[t] -= c0[t];
        }
        int best = -1;
        double bd = Double.MAX_VALUE;
        for (int j = 0; j < 16; j++) {
            float[] c1 = cb.centroid(1, j);
            double dist = 0;
            for (int t = 0; t < r.length; t++) {
                dist += (r[t] - c1[t]) * (double) (r[t] - c1[t]);
            }
            if (!takenByOthers.contains(j) && dist < bd) {
                bd = dist;
                best = j;
            }
        }
        assertThat(map.sid(5)[1]).isEqualTo(best);
    }

    @Test
    void reassignWidensToTheLastTwoLevelsWhenAPrefixIsFull() {
        // 12 identical rows and K=4: only 4 last-level codes under their prefix, so 8 items must change level 1 too
        int[] copies = IntStream.range(1, 12).toArray();
        ItemTable t = SidFixtures.gaussian(12, 3, 4, copies);
        SidIndex index = SidFixtures.build(t, SidFixtures.options(2, 4, KMeansMode.PLAIN, CollisionStrategy.REASSIGN));
        assertThat(index.stats().maxItemsPerSid()).isEqualTo(12);
        assertThat(index.stats().reassignedItems()).isEqualTo(11);
        assertOneToOne(index.itemMap());
        long firstCodes = IntStream.range(0, 12).map(i -> index.itemMap().sid(i)[0]).distinct().count();
        assertThat(firstCodes).isGreaterThanOrEqualTo(3);
    }

    @Test
    void reassignFailsClearlyWhenTheSidSpaceIsTooSmall() {
        ItemTable t = SidFixtures.gaussian(5, 3, 1);
        assertThatThrownBy(() -> SidFixtures.build(t, SidFixtures.options(2, 2, KMeansMode.PLAIN, CollisionStrategy.REASSIGN)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("extraLevel");
    }

    @Test
    void trieChildrenMatchABruteForceScan() {
        SidIndex index = SidFixtures.build(SidFixtures.gaussian(400, 6, 3), SidFixtures.options(3, 8, KMeansMode.BALANCED, CollisionStrategy.EXTRA_LEVEL));
        ItemSidMap map = index.itemMap();
        List<int[]> sids = IntStream.range(0, map.items()).mapToObj(map::sid).toList();
        for (int[] s : sids) {
            for (int len = 0; len < map.length(); len++) {
                int prefixLength = len;
                int[] expected = sids.stream().filter(o -> Arrays.equals(o, 0, prefixLength, s, 0, prefixLength))
                        .mapToInt(o -> o[prefixLength]).distinct().sorted().toArray();
                assertThat(map.children(s, len)).isEqualTo(expected);
                assertThat(map.isValidPrefix(s, len)).isTrue();
            }
            assertThat(map.children(s, map.length())).isEmpty();
        }
        int[] bogus = {8 - 1, 8 - 1, 8 - 1, 99};
        assertThat(map.item(bogus)).isEqualTo(-1);
        assertThat(map.item(new int[]{0})).isEqualTo(-1);
        assertThat(map.children(new int[]{0, 0, 0, 0}, 4)).isEmpty();
        assertThat(map.isValidPrefix(bogus, 4)).isFalse();
    }

    @Test
    void idsMapToIndexesAndUnknownIdsAreReportedNotZero() {
        SidIndex index = SidFixtures.build(COLLIDING, SidFixtures.options(2, 16, KMeansMode.BALANCED, CollisionStrategy.EXTRA_LEVEL));
        ItemSidMap map = index.itemMap();
        assertThat(map.itemId(7)).isEqualTo(108);
        assertThat(map.indexOf(108)).isEqualTo(7);
        assertThat(map.indexOf(99_999)).isEqualTo(-1);
    }

    @Test
    void referenceSidsAreTheGreedyEncodingAndNewItemsEncodeAgainstTheFixedCodebook() {
        ItemTable t = SidFixtures.gaussian(500, 8, 17);
        SidIndex ref = SidFixtures.build(t, SidFixtures.options(3, 8, KMeansMode.REFERENCE, CollisionStrategy.EXTRA_LEVEL));
        for (int i = 0; i < t.size(); i++) {
            assertThat(Arrays.copyOf(ref.itemMap().sid(i), 3)).isEqualTo(ref.itemMap().encode(t.vector(i)).codes());
        }
        SidIndex ours = SidFixtures.build(t, SidFixtures.options(3, 8, KMeansMode.BALANCED, CollisionStrategy.EXTRA_LEVEL));
        ItemSidMap map = ours.itemMap();
        // a new item from the same distribution quantises about as well as the build's items; a far one does not
        ItemTable fresh = SidFixtures.gaussian(200, 8, 99);
        double mean = IntStream.range(0, 200).mapToDouble(i -> map.encode(fresh.vector(i)).squaredError()).average().orElseThrow();
        assertThat(mean).isBetween(0.5 * map.buildError(), 2.0 * map.buildError());
        float[] far = new float[8];
        Arrays.fill(far, 50f);
        SidEncoding e = map.encode(far);
        assertThat(e.squaredError()).isGreaterThan(10 * map.buildError());
        assertThat(e.squaredError()).isCloseTo(ours.codebook().squaredError(far, 0, e.codes(), 0), org.assertj.core.data.Percentage.withPercentage(1e-4));
    }
}
