package io.hsrl.serving.model;

import io.hsrl.contracts.PolicyMode;
import io.hsrl.serving.testing.TestModels;
import io.hsrl.store.ObjectStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Served slates are the agent's own greedy slates, in both modes, whatever else shares the batch. */
class ServedHierarchicalPolicyTest {

    @Test
    void bothModesServeTheAgentsGreedySlates(@TempDir Path dir) throws Exception {
        for (PolicyMode mode : PolicyMode.values()) {
            try (ObjectStores store = ObjectStores.from(Map.of())) {
                TestModels.Published model = TestModels.publish(store, dir.resolve(mode.value()).toString(), 80, mode, 5);
                try (LoadedPolicy policy = PolicyFactory.create(new ModelLoader(store).load(model.latestUri()), store,
                        new PolicyOptions(TestModels.BEAM, "cpu"))) {
                    assertThat(policy.describe().mode()).isEqualTo(mode.value());
                    assertThat(policy.describe().requestedUri()).isEqualTo(model.latestUri());
                    assertThat(List.copyOf(policy.describe().details().keySet())).containsExactly("device", "dataUri",
                            "historyLength", "beamWidth", "vocabulary", "indexItemMapSha256");
                    assertThat(policy.describe().details().get("beamWidth")).isEqualTo(TestModels.BEAM);
                    long[][] histories = {{1, 2, 3}, {}, {80, 79}, {5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17}};
                    List<SlateRequest> batch = Arrays.stream(histories)
                            .map(h -> new SlateRequest("u", h, TestModels.SLATE, new long[0])).toList();
                    List<Slate> served = policy.recommend(batch);
                    long[][] expected = model.agentSlates(histories);
                    for (int r = 0; r < histories.length; r++) {
                        assertThat(served.get(r).items()).as(mode + " row " + r).containsExactly(expected[r]);
                        assertThat(new HashSet<>(Arrays.stream(served.get(r).items()).boxed().toList()))
                                .hasSize(TestModels.SLATE);
                        assertThat(served.get(r).decodeDepth()).isEqualTo(model.itemMap().length());
                        // scores are log-probabilities of distinct items, best first: ≤ 0, non-increasing, Σ exp ≤ 1
                        float[] scores = served.get(r).scores();
                        double mass = 0;
                        for (int k = 0; k < scores.length; k++) {
                            assertThat(scores[k]).as(mode + " row " + r + " score " + k).isLessThanOrEqualTo(1e-5f);
                            if (k > 0) {
                                assertThat(scores[k]).isLessThanOrEqualTo(scores[k - 1] + 1e-6f);
                            }
                            mass += Math.exp(scores[k]);
                        }
                        assertThat(mass).as(mode + " row " + r + " probability mass").isLessThanOrEqualTo(1.0001);
                        // alone in its batch, a request gets the same slate
                        assertThat(policy.recommend(List.of(batch.get(r))).get(0).items()).containsExactly(expected[r]);
                    }
                    // excluded items are skipped, the rest keeps its order
                    long[] first = served.get(0).items();
                    Slate without = policy.recommend(List.of(new SlateRequest("u", histories[0], 5,
                            new long[] {first[0], first[2]}))).get(0);
                    assertThat(without.items()).containsExactly(first[1], first[3], first[4], first[5], first[6]);
                }
            }
        }
    }
}
