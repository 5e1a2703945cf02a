package io.hsrl.core.agent;

import ai.djl.ndarray.NDManager;
import io.hsrl.artifact.CheckpointManifest;
import io.hsrl.core.catalog.ItemTable;
import io.hsrl.core.data.ItemFeatures;
import io.hsrl.contracts.PolicyMode;
import io.hsrl.core.testing.ToySimulator;
import io.hsrl.store.ObjectStore;
import io.hsrl.store.ObjectStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Resuming when the newest checkpoint is damaged: the previous one that reads back whole is used, with a warning. */
class CheckpointFallbackTest {
    private static AgentConfig config() {
        return AgentConfig.defaults(PolicyMode.HSRL).withSizes(8, 16, 1000, 40, 4, 10, 16, 2, 1, 32, new int[] {16, 8});
    }

    private static CheckpointManifest template(long iterations) {
        return new CheckpointManifest(CheckpointManifest.SCHEMA_VERSION, 0, iterations, null, "hsrl", "hsrl", 3,
                "idx", "sim", "data", "csv", null, Map.of("actorLr", 1e-3), null);
    }

    private static long train(ObjectStore store, NDManager root, String out, long iterations, boolean resume, PrintStream log)
            throws Exception {
        ItemTable items = ToySimulator.itemTable(4, 12, 4, 1);
        ToySimulator env = new ToySimulator(4, 12, 8, 10, 20, 1);
        try (HsrlAgent agent = new HsrlAgent(root, config(), env.sidSpace(), ItemFeatures.of(items), 3)) {
            TrainingLoop loop = new TrainingLoop(agent, env, 3);
            new TrainingRun(store, agent, loop, new TrainingRun.Settings(out, iterations, 2, resume, 0, template(iterations)),
                    log).run();
            return loop.iteration();
        }
    }

    @Test
    void aCorruptNewestCheckpointFallsBackToThePreviousGoodOne(@TempDir Path dir) throws Exception {
        String out = dir.resolve("run").toString();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream log = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (ObjectStore store = ObjectStores.from(Map.of()); NDManager root = NDManager.newBaseManager()) {
            assertThat(train(store, root, out, 4, false, log)).isEqualTo(4);
            Path actor = dir.resolve("run/checkpoints/000000000004/actor.bin");
            byte[] damaged = Files.readAllBytes(actor);
            damaged[damaged.length / 2] ^= 0x5a;
            Files.write(actor, damaged);

            bytes.reset();
            assertThat(train(store, root, out, 6, true, log)).isEqualTo(6);
            String said = bytes.toString(StandardCharsets.UTF_8);
            assertThat(said).contains("warning: checkpoint " + dir.resolve("run/checkpoints/000000000004/manifest.json")
                    + " is unreadable").contains("SHA-256 does not match");
            assertThat(said).contains("falling back to the previous readable checkpoint")
                    .contains("resuming from " + dir.resolve("run/checkpoints/000000000002/manifest.json") + " (iteration 2)");
            assertThat(new Checkpoints(store, out).readLatest().orElseThrow().iteration()).isEqualTo(6);
        }
    }

    @Test
    void anUnreadableLatestPointerFallsBackToTheNewestManifestBesideIt(@TempDir Path dir) throws Exception {
        String out = dir.resolve("run").toString();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream log = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (ObjectStore store = ObjectStores.from(Map.of()); NDManager root = NDManager.newBaseManager()) {
            train(store, root, out, 4, false, log);
            Files.writeString(dir.resolve("run/checkpoints/latest.json"), "{ truncated");
            Checkpoints.Loaded loaded = new Checkpoints(store, out).loadNewestReadable(log).orElseThrow();
            assertThat(loaded.manifest().iteration()).isEqualTo(4);
            assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("latest.json cannot be read");

            // nothing readable at all is an error naming what was tried, not a silent fresh start
            for (String it : new String[] {"000000000002", "000000000004"}) {
                Files.writeString(dir.resolve("run/checkpoints/" + it + "/manifest.json"), "not json");
            }
            assertThatThrownBy(() -> new Checkpoints(store, out).loadNewestReadable(log))
                    .hasMessageContaining("no readable checkpoint").hasMessageContaining("000000000002/manifest.json");
        }
    }
}
