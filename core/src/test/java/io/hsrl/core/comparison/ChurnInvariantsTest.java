package io.hsrl.core.comparison;

import ai.djl.ndarray.NDManager;
import io.hsrl.contracts.KMeansMode;
import io.hsrl.core.agent.AgentConfig;
import io.hsrl.core.agent.FlatA2cAgent;
import io.hsrl.core.agent.HsrlAgent;
import io.hsrl.core.agent.SlateAgent;
import io.hsrl.core.data.SyntheticWorld;
import io.hsrl.core.sid.BuildProgress;
import io.hsrl.contracts.CollisionStrategy;
import io.hsrl.core.sid.IndexBuilder;
import io.hsrl.core.sid.IndexOptions;
import io.hsrl.core.sid.LiveSidSpace;
import io.hsrl.core.sid.SidIndex;
import io.hsrl.core.simulator.ChurningCatalogue;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Under churn, retired items are never recommended and new items become recommendable once encoded. */
class ChurnInvariantsTest {
    private static final int INITIAL = 120;
    private static final int UNIVERSE = 240;

    private final SyntheticWorld world = SyntheticWorld.create(SyntheticWorld.Config.scaled(UNIVERSE, INITIAL, 20, 4)
            .withRowsPerUser(1).withHistoryLength(10));
    private final SidIndex index = IndexBuilder.build(world.initialCatalogue(),
            new IndexOptions(2, 8, KMeansMode.PLAIN, 3, CollisionStrategy.EXTRA_LEVEL, 10), BuildProgress.NONE);
    private final AgentConfig config = CatalogueComparisonTest.tiny();

    @Test
    void newItemsAreEncodedAgainstTheFixedCodebookAndRetiredOnesLeaveTheTrie() {
        LiveSidSpace space = new LiveSidSpace(index.itemMap(), world.items(), INITIAL);
        ChurningCatalogue c = new ChurningCatalogue(INITIAL, UNIVERSE, 0.1, 1, 2);
        Set<Integer> encoded = new HashSet<>();
        for (int step = 0; step < 10; step++) {
            ChurningCatalogue.Change change = c.advance();
            for (int r : change.retired()) {
                space.retire(r);
            }
            for (int a : change.arrived()) {
                int[] sid = space.add(a);
                if (sid != null) {
                    encoded.add(a);
                    // the codebook levels are the fixed codebook's quantisation of the item's vector
                    int[] codes = index.codebook().encode(world.items().vector(a)).codes();
                    assertThat(Arrays.copyOf(sid, index.codebook().levels() - 1))
                            .isEqualTo(Arrays.copyOf(codes, index.codebook().levels() - 1));
                }
            }
            Set<Integer> reachable = reachable(space, new int[space.length()], 0, new HashSet<>());
            for (int i = 0; i < UNIVERSE; i++) {
                boolean expected = c.isActive(i) && (i < INITIAL || encoded.contains(i));
                assertThat(reachable.contains(i)).as("item %d reachable", i).isEqualTo(expected);
            }
            assertThat(space.activeItems()).isEqualTo(reachable.size());
        }
        assertThat(encoded.size() + space.unencodable()).isEqualTo(120);
        assertThat(encoded).isNotEmpty();
    }

    /** Every item reachable by walking the trie from the root. */
    private static Set<Integer> reachable(LiveSidSpace space, int[] prefix, int level, Set<Integer> out) {
        if (level == space.length()) {
            int item = space.item(prefix);
            assertThat(item).isNotNegative();
            assertThat(space.sid(item)).isEqualTo(prefix);
            out.add(item);
            return out;
        }
        for (int t : space.children(prefix, level)) {
            prefix[level] = t;
            reachable(space, prefix, level + 1, out);
        }
        return out;
    }

    @Test
    void agentsRecommendActiveItemsOnlyAndPickUpArrivals() {
        for (String algorithm : new String[] {"hsrl", "a2c"}) {
            ChurningCatalogue c = new ChurningCatalogue(INITIAL, UNIVERSE, 0.1, 1, 5);
            try (NDManager root = NDManager.newBaseManager()) {
                SlateAgent agent;
                if (algorithm.equals("hsrl")) {
                    LiveSidSpace space = new LiveSidSpace(index.itemMap(), world.items(), INITIAL);
                    HsrlAgent h = new HsrlAgent(root, config, space, world.features(), 1);
                    c.addListener(change -> {
                        Arrays.stream(change.retired()).forEach(space::retire);
                        Arrays.stream(change.arrived()).forEach(space::add);
                        h.catalogueChanged(change.arrived());
                    });
                    agent = h;
                } else {
                    FlatA2cAgent f = new FlatA2cAgent(root, config, world.features(), 1);
                    f.remapCatalogue(c.activeItems());
                    c.addListener(change -> f.remapCatalogue(c.activeItems()));
                    agent = f;
                }
                try (agent) {
                    Random random = new Random(3);
                    int[][] histories = new int[4][10];
                    for (int[] h : histories) {
                        Arrays.fill(h, -1);
                        h[9] = 0;
                    }
                    int newServed = 0;
                    for (int step = 0; step < 12; step++) {
                        for (boolean explore : new boolean[] {true, false}) {
                            for (int[] slate : agent.act(histories, explore, random).items()) {
                                assertThat(slate).hasSize(9).doesNotHaveDuplicates();
                                for (int i : slate) {
                                    assertThat(c.isActive(i)).as("%s served item %d (active: %s)", algorithm, i, c.isActive(i)).isTrue();
                                    newServed += c.isNew(i) ? 1 : 0;
                                }
                            }
                        }
                        c.advance();
                    }
                    assertThat(newServed).as("%s served new items", algorithm).isPositive();
                }
            }
        }
    }
}
