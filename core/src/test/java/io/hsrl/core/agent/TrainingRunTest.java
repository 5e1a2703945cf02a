package io.hsrl.core.agent;

import ai.djl.ndarray.NDManager;
import io.hsrl.artifact.CheckpointManifest;
import io.hsrl.artifact.LatestCheckpoint;
import io.hsrl.artifact.TrainingProgressRecord;
import io.hsrl.core.catalog.ItemTable;
import io.hsrl.core.data.ItemFeatures;
import io.hsrl.contracts.PolicyMode;
import io.hsrl.core.testing.ToySimulator;
import io.hsrl.store.Json;
import io.hsrl.store.ObjectStore;
import io.hsrl.store.ObjectStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TrainingRunTest {
    private static AgentConfig config(PolicyMode mode) {
        // a critic warm-up of 5 steps (default 100), so that the 15 iterations below also move the actor
        return AgentConfig.defaults(mode).withSizes(8, 16, 1000, 40, 4, 10, 16, 2, 1, 32, new int[] {16, 8})
                .withHsrl(new HsrlLearning(1.1, false, 5, true, 1.0));
    }

    private static CheckpointManifest template(long iterations) {
        return new CheckpointManifest(CheckpointManifest.SCHEMA_VERSION, 0, iterations, null, "hsrl", "hsrl", 3,
                "idx", "sim", "data", "csv", null, Map.of("actorLr", 1e-3), null);
    }

    @Test
    void checkpointThenResumeContinuesFromTheSameIterationAndParameters(@TempDir Path dir) throws Exception {
        ItemTable items = ToySimulator.itemTable(4, 12, 4, 1);
        String out = dir.resolve("run").toString();
        ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
        PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);
        Map<String, byte[]> saved;
        try (ObjectStore store = ObjectStores.from(Map.of()); NDManager root = NDManager.newBaseManager()) {
            ToySimulator env = new ToySimulator(4, 12, 8, 10, 20, 1);
            try (HsrlAgent agent = new HsrlAgent(root, config(PolicyMode.HSRL), env.sidSpace(), ItemFeatures.of(items), 3)) {
                TrainingLoop loop = new TrainingLoop(agent, env, 3);
                String manifest = new TrainingRun(store, agent, loop,
                        new TrainingRun.Settings(out, 4, 2, false, 0, template(4)), log).run();
                assertThat(loop.iteration()).isEqualTo(4);
                saved = agent.state();
                assertThat(manifest).endsWith("000000000004/manifest.json");
            }
            Checkpoints checkpoints = new Checkpoints(store, out);
            LatestCheckpoint latest = checkpoints.readLatest().orElseThrow();
            assertThat(latest.iteration()).isEqualTo(4);
            assertThat(latest.complete()).isTrue();
            assertThat(latest.checkpoints()).extracting(LatestCheckpoint.Entry::iteration).containsExactly(2L, 4L);
            Checkpoints.Loaded loaded = checkpoints.loadLatest().orElseThrow();
            assertThat(loaded.manifest().simulatorUri()).isEqualTo("sim");
            assertThat(loaded.manifest().files()).containsKeys("actor.bin", "critic.bin", "actor-target.bin",
                    "critic-target.bin", "actor-adam.bin", "critic-adam.bin", "loop.json", "agent.json");
            for (String f : saved.keySet()) {
                assertThat(loaded.files().get(f)).as(f).isEqualTo(saved.get(f));
            }
            AgentConfig restoredConfig = Json.read(loaded.files().get("agent.json"), AgentConfig.class, "agent.json");
            assertThat(restoredConfig.slateSize()).isEqualTo(4);
            assertThat(restoredConfig.criticHiddenDims()).containsExactly(16, 8);

            // a fresh agent (other initial weights) restored from the checkpoint has exactly its parameters
            ToySimulator env2 = new ToySimulator(4, 12, 8, 10, 20, 2);
            try (HsrlAgent other = new HsrlAgent(root, restoredConfig, env2.sidSpace(), ItemFeatures.of(items), 99)) {
                assertThat(other.state().get("actor.bin")).isNotEqualTo(saved.get("actor.bin"));
                other.restore(loaded.files(), loaded.manifestUri());
                for (String f : saved.keySet()) {
                    assertThat(other.state().get(f)).as(f).isEqualTo(saved.get(f));
                }
                // resuming towards 7 iterations continues at 4
                TrainingLoop loop2 = new TrainingLoop(other, env2, 5);
                new TrainingRun(store, other, loop2, new TrainingRun.Settings(out, 7, 2, true, 0, template(7)), log).run();
                assertThat(loop2.iteration()).isEqualTo(7);
            }
            assertThat(logBytes.toString(StandardCharsets.UTF_8)).contains("resuming from").contains("(iteration 4)");
            LatestCheckpoint after = checkpoints.readLatest().orElseThrow();
            assertThat(after.iteration()).isEqualTo(7);
            assertThat(after.checkpoints()).extracting(LatestCheckpoint.Entry::iteration).containsExactly(2L, 4L, 6L, 7L);
            TrainingProgressRecord progress = store.readJson(dir.resolve("run/progress.json").toString(), TrainingProgressRecord.class);
            assertThat(progress.state()).isEqualTo(TrainingProgressRecord.STATE_COMPLETE);
            assertThat(progress.iteration()).isEqualTo(7);
            assertThat(progress.percent()).isEqualTo(100.0);
            assertThat(progress.modelUri()).endsWith("000000000007/manifest.json");
        }
    }

    @Test
    void bothModesTrainWithoutNaNsAndDecodeValidDistinctSlates() {
        ItemTable items = ToySimulator.itemTable(4, 12, 4, 1);
        for (PolicyMode mode : PolicyMode.values()) {
            try (NDManager root = NDManager.newBaseManager()) {
                ToySimulator env = new ToySimulator(4, 12, 8, 10, 20, 1);
                try (HsrlAgent agent = new HsrlAgent(root, config(mode), env.sidSpace(), ItemFeatures.of(items), 3)) {
                    TrainingLoop loop = new TrainingLoop(agent, env, 3);
                    loop.warmUp();
                    byte[] before = agent.state().get("actor.bin");
                    byte[] targetBefore = agent.state().get("actor-target.bin");
                    for (int i = 0; i < 15; i++) {
                        UpdateReport r = loop.iterate();
                        assertThat(r.finite()).as(mode + " iteration " + i).isTrue();
                        assertThat(r.levelValues()).hasSize(mode == PolicyMode.HSRL ? 3 : 4);
                        assertThat(r.levelEntropies()).hasSize(3);
                    }
                    assertThat(agent.state().get("actor.bin")).isNotEqualTo(before);
                    assertThat(agent.state().get("actor-target.bin")).isNotEqualTo(targetBefore);
                    for (boolean explore : new boolean[] {true, false}) {
                        int[][] slates = agent.act(env.histories(), explore, new java.util.Random(1)).items();
                        for (int[] s : slates) {
                            assertThat(java.util.Arrays.stream(s).distinct().count()).isEqualTo(4);
                            assertThat(java.util.Arrays.stream(s).allMatch(i -> i >= 0 && i < 48)).isTrue();
                        }
                    }
                }
            }
        }
    }

    @Test
    void flatA2cBaselineTrainsWithoutNaNsAndServesDistinctItems() {
        ItemTable items = ToySimulator.itemTable(4, 12, 4, 1);
        try (NDManager root = NDManager.newBaseManager();
             FlatA2cAgent agent = new FlatA2cAgent(root, config(PolicyMode.HSRL), ItemFeatures.of(items), 3)) {
            ToySimulator env = new ToySimulator(4, 12, 8, 10, 20, 1);
            TrainingLoop loop = new TrainingLoop(agent, env, 3);
            loop.warmUp();
            byte[] before = agent.state().get("actor.bin");
            for (int i = 0; i < 15; i++) {
                assertThat(loop.iterate().finite()).isTrue();
            }
            assertThat(agent.state().get("actor.bin")).isNotEqualTo(before);
            for (boolean explore : new boolean[] {true, false}) {
                for (int[] s : agent.act(env.histories(), explore, new java.util.Random(2)).items()) {
                    assertThat(java.util.Arrays.stream(s).distinct().count()).isEqualTo(4);
                }
            }
        }
    }
}
