package io.hsrl.core.agent;

import ai.djl.ndarray.NDManager;
import io.hsrl.artifact.CheckpointManifest;
import io.hsrl.artifact.TrainingProgressRecord;
import io.hsrl.core.catalog.ItemTable;
import io.hsrl.core.data.ItemFeatures;
import io.hsrl.core.policy.PolicyMode;
import io.hsrl.core.testing.ToySimulator;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Long-ish runs stay finite across a checkpoint and a resume; a divergence says where it happened. */
class TrainingStabilityTest {
    private static AgentConfig config(PolicyMode mode) {
        return AgentConfig.defaults(mode).withSizes(8, 16, 2000, 40, 4, 10, 16, 2, 1, 32, new int[] {16, 8});
    }

    private static CheckpointManifest template(long iterations) {
        return new CheckpointManifest(CheckpointManifest.SCHEMA_VERSION, 0, iterations, null, "hsrl", "hsrl", 3,
                "idx", "sim", "data", "csv", null, Map.of(), null);
    }

    @Test
    void bothModesStayFiniteAcrossACheckpointAndAResumeThatRestoresTheReplayBuffer(@TempDir Path dir) throws Exception {
        ItemTable items = ToySimulator.itemTable(4, 12, 4, 1);
        for (PolicyMode mode : PolicyMode.values()) {
            String out = dir.resolve(mode.value()).toString();
            PrintStream log = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
            try (ObjectStore store = ObjectStores.from(Map.of()); NDManager root = NDManager.newBaseManager()) {
                byte[] replayAtCheckpoint;
                Map<String, byte[]> stateAtCheckpoint;
                try (HsrlAgent agent = new HsrlAgent(root, config(mode), new ToySimulator(4, 12, 8, 10, 20, 1).sidSpace(),
                        ItemFeatures.of(items), 3)) {
                    TrainingLoop loop = new TrainingLoop(agent, new ToySimulator(4, 12, 8, 10, 20, 1), 3);
                    new TrainingRun(store, agent, loop, new TrainingRun.Settings(out, 100, 50, false, 0, template(100)), log).run();
                    replayAtCheckpoint = loop.buffer().encode();
                    stateAtCheckpoint = agent.state();
                    assertThat(loop.buffer().written()).isEqualTo(40 + 100 * 8);
                }
                // a fresh process: other initial weights, another environment; clipping on for the second half
                try (HsrlAgent agent = new HsrlAgent(root, config(mode).withMaxGradNorm(1.0),
                        new ToySimulator(4, 12, 8, 10, 20, 2).sidSpace(), ItemFeatures.of(items), 11)) {
                    TrainingLoop loop = new TrainingLoop(agent, new ToySimulator(4, 12, 8, 10, 20, 2), 11);
                    TrainingRun run = new TrainingRun(store, agent, loop,
                            new TrainingRun.Settings(out, 200, 50, true, 0, template(200)), log);
                    Checkpoints.Loaded latest = new Checkpoints(store, out).loadLatest().orElseThrow();
                    assertThat(latest.files().get(TrainingRun.REPLAY_FILE)).isEqualTo(replayAtCheckpoint);
                    for (String f : stateAtCheckpoint.keySet()) {
                        assertThat(latest.files().get(f)).as(f).isEqualTo(stateAtCheckpoint.get(f));
                    }
                    run.run();
                    assertThat(loop.iteration()).isEqualTo(200);
                    // no second warm-up: the buffer went on from the checkpoint's 840 transitions
                    assertThat(loop.buffer().written()).isEqualTo(40 + 200 * 8);
                    assertThat(agent.actor().parameters().valuesFinite()).isTrue();
                    assertThat(agent.critic().parameters().valuesFinite()).isTrue();
                    assertThat(loop.lastUpdate().finite()).isTrue();
                }
                TrainingProgressRecord progress = store.readJson(dir.resolve(mode.value()).resolve("progress.json").toString(),
                        TrainingProgressRecord.class);
                assertThat(progress.state()).isEqualTo(TrainingProgressRecord.STATE_COMPLETE);
            }
        }
    }

    @Test
    void aNonFiniteParameterFailsTheIterationNamingTheTensor() {
        ItemTable items = ToySimulator.itemTable(4, 12, 4, 1);
        try (NDManager root = NDManager.newBaseManager()) {
            ToySimulator env = new ToySimulator(4, 12, 8, 10, 20, 1);
            try (HsrlAgent agent = new HsrlAgent(root, config(PolicyMode.HSRL), env.sidSpace(), ItemFeatures.of(items), 3)) {
                TrainingLoop loop = new TrainingLoop(agent, env, 3);
                loop.warmUp();
                loop.iterate();
                loop.iterate();
                // the last level's token table is not on any training path in hsrl mode: the forward pass stays
                // finite, and the check after the Adam step finds the tensor
                agent.actor().parameters().get("sid_token_embeds.2.weight").muli(Float.NaN);
                assertThatThrownBy(loop::iterate).isInstanceOf(NonFiniteTrainingException.class)
                        .hasMessageContaining("iteration 3: non-finite actor parameter")
                        .hasMessageContaining("sid_token_embeds.2.weight[0] = NaN");
                agent.critic().parameters().values().muli(Float.NaN);
                assertThatThrownBy(loop::iterate).isInstanceOf(NonFiniteTrainingException.class)
                        .hasMessageContaining("iteration 3: non-finite loss");
            }
        }
    }
}
