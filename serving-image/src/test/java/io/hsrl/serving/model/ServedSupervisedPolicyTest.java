package io.hsrl.serving.model;

import ai.djl.ndarray.NDManager;
import io.hsrl.artifact.CheckpointManifest;
import io.hsrl.contracts.LogFormat;
import io.hsrl.contracts.PolicyMode;
import io.hsrl.core.agent.AgentConfig;
import io.hsrl.core.agent.Checkpoints;
import io.hsrl.core.agent.ReplayBuffer;
import io.hsrl.core.agent.SupervisedAgent;
import io.hsrl.core.agent.TrainingRun;
import io.hsrl.core.data.ItemFeatures;
import io.hsrl.core.data.LogDataset;
import io.hsrl.core.data.LogReaders;
import io.hsrl.serving.testing.TestModels;
import io.hsrl.store.Json;
import io.hsrl.store.ObjectStores;
import io.hsrl.store.ObjectUri;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** A supervised (sl) checkpoint is served as the agent's own greedy slates; excluded items are ranked past. */
class ServedSupervisedPolicyTest {

    @Test
    void servesTheSupervisedAgentsGreedySlates(@TempDir Path dir) throws Exception {
        try (ObjectStores store = ObjectStores.from(Map.of())) {
            // the dataset and index of a published HSRL test model, and an sl checkpoint trained a few steps on them
            TestModels.Published base = TestModels.publish(store, dir.toString(), 80, PolicyMode.HSRL, 5);
            AgentConfig config = base.config();
            LogDataset data = LogReaders.read(store, base.dataUri(), LogFormat.RL4RS,
                    new LogReaders.Options(config.slateSize(), config.maxSeqLen(), base.seed()));
            Map<String, byte[]> files = new LinkedHashMap<>();
            long[][] histories = {{1, 2, 3}, {}, {80, 79}, {5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17}};
            int[][] dense = dense(histories, data.features(), config.maxSeqLen());
            int[][] expected;
            try (NDManager root = NDManager.newBaseManager();
                 SupervisedAgent agent = new SupervisedAgent(root, config, data.train(), base.seed())) {
                for (int i = 0; i < 5; i++) {
                    agent.update((ReplayBuffer.Sample) null);
                }
                files.putAll(agent.state());
                expected = agent.act(dense, false, new Random(0)).items();
            }
            files.put(TrainingRun.AGENT_FILE, Json.write(config));
            CheckpointManifest template = new CheckpointManifest(CheckpointManifest.SCHEMA_VERSION, 5, 5, null, "sl",
                    null, base.seed(), ObjectUri.resolve(base.indexUri(), "stats.json"), null, base.dataUri(),
                    LogFormat.RL4RS.value(), null, Map.of(), null);
            Checkpoints checkpoints = new Checkpoints(store, dir.resolve("sl").toString());
            checkpoints.publish(template, files, true);

            try (LoadedPolicy policy = PolicyFactory.create(new ModelLoader(store).load(checkpoints.latestUri()), store,
                    new PolicyOptions(TestModels.BEAM, "cpu"))) {
                assertThat(policy).isInstanceOf(ServedSupervisedPolicy.class);
                assertThat(policy.describe().algorithm()).isEqualTo("sl");
                assertThat(policy.describe().mode()).isNull();
                assertThat(List.copyOf(policy.describe().details().keySet())).containsExactly("device", "dataUri",
                        "historyLength", "indexItemMapSha256");
                List<SlateRequest> batch = Arrays.stream(histories)
                        .map(h -> new SlateRequest("u", h, config.slateSize(), new long[0])).toList();
                List<Slate> served = policy.recommend(batch);
                for (int r = 0; r < histories.length; r++) {
                    long[] want = Arrays.stream(expected[r]).mapToLong(base::id).toArray();
                    assertThat(served.get(r).items()).as("row " + r).containsExactly(want);
                    assertThat(new HashSet<>(Arrays.stream(served.get(r).items()).boxed().toList()))
                            .hasSize(config.slateSize());
                    for (int k = 0; k < want.length; k++) {
                        assertThat(served.get(r).sids()[k]).containsExactly(base.sidOf(want[k]));
                        if (k > 0) {
                            assertThat(served.get(r).scores()[k]).isLessThanOrEqualTo(served.get(r).scores()[k - 1]);
                        }
                    }
                    assertThat(policy.recommend(List.of(batch.get(r))).get(0).items()).containsExactly(want);
                }
                long[] first = served.get(0).items();
                Slate without = policy.recommend(List.of(new SlateRequest("u", histories[0], 5,
                        new long[] {first[0], first[2]}))).get(0);
                assertThat(without.items()).containsExactly(first[1], first[3], first[4], first[5], first[6]);
            }
        }
    }

    private static int[][] dense(long[][] histories, ItemFeatures features, int h) {
        int[][] out = new int[histories.length][h];
        for (int r = 0; r < histories.length; r++) {
            Arrays.fill(out[r], ItemFeatures.PADDING);
            int n = Math.min(h, histories[r].length);
            for (int t = 0; t < n; t++) {
                out[r][h - n + t] = features.items().indexOf(histories[r][histories[r].length - n + t]);
            }
        }
        return out;
    }
}
