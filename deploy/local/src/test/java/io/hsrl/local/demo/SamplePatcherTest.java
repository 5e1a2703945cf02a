package io.hsrl.local.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A run's size and seed reach the samples' specs; without a seed the samples keep their own. */
class SamplePatcherTest {
    static final Path SAMPLES = Path.of(System.getProperty("hsrl.repo.root", "../.."))
            .resolve("deploy/samples/quickstart");

    private static JsonNode resized(String file, Long seed) throws Exception {
        GenericKubernetesResource r = Serialization.unmarshal(Files.readString(SAMPLES.resolve(file)),
                GenericKubernetesResource.class);
        return new ObjectMapper().valueToTree(new SamplePatcher(null, "default", Quickstart.Size.quick(), seed,
                System.out).resize(r)).path("spec");
    }

    @Test
    void aSeedSetsTheTrainingsSeedAndTheExperimentsSalt() throws Exception {
        for (String training : new String[] {"02-hsrltraining-hsrl.yaml", "03-hsrltraining-baseline.yaml"}) {
            assertThat(resized(training, 3L).path("seed").asLong()).as(training).isEqualTo(3);
            assertThat(resized(training, null).path("seed").asLong()).as(training + " as the sample says").isEqualTo(7);
            assertThat(resized(training, 3L).path("iterations").asInt()).as(training + " sized")
                    .isEqualTo(Quickstart.Size.quick().iterations());
        }
        assertThat(resized("06-abexperiment.yaml", 3L).path("salt").asText()).isEqualTo("quickstart-seed-3");
        assertThat(resized("06-abexperiment.yaml", 4L).path("salt").asText()).isEqualTo("quickstart-seed-4");
        assertThat(resized("06-abexperiment.yaml", null).path("salt").asText()).isEqualTo("quickstart-1");
    }
}
