package io.hsrl.serving.model;

import io.hsrl.artifact.CheckpointManifest;
import io.hsrl.store.ObjectStores;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyFactoryTest {

    @Test
    void aCheckpointOfAnotherAlgorithmIsRefusedByName() {
        CheckpointManifest a2c = new CheckpointManifest(CheckpointManifest.SCHEMA_VERSION, 10, 10, null, "a2c", "hsrl",
                1, "idx/stats.json", null, "data", "rl4rs", Map.of(), Map.of(), null);
        ModelArtifacts artifacts = new ModelArtifacts("m/latest.json", "m/000010/manifest.json", "00", a2c,
                Map.of(ServedHierarchicalPolicy.ACTOR_FILE, new byte[4], "agent.json", new byte[2]), "idx", null);
        try (ObjectStores store = ObjectStores.from(Map.of())) {
            assertThatThrownBy(() -> PolicyFactory.create(artifacts, store, new PolicyOptions(4, "cpu")))
                    .isInstanceOf(ModelLoadException.class)
                    .hasMessageContaining("m/000010/manifest.json")
                    .hasMessageContaining("algorithm 'a2c' cannot be served");
        }
    }
}
