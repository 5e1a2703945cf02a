package io.hsrl.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.hsrl.api.v1alpha1.AbExperiment;
import io.hsrl.contracts.Algorithm;
import io.hsrl.contracts.CollisionStrategy;
import io.hsrl.api.v1alpha1.HsrlApi;
import io.hsrl.api.v1alpha1.HsrlServing;
import io.hsrl.api.v1alpha1.HsrlTraining;
import io.hsrl.contracts.ItemVectorFormat;
import io.hsrl.api.v1alpha1.SemanticIndex;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The samples parse into the types, survive a round trip, and the quickstart set refers to itself consistently. */
class SamplesTest {
    static final Path SAMPLES = Path.of(System.getProperty("hsrl.samples.dir", "../deploy/samples"));

    static List<Path> files(String dir) throws IOException {
        try (Stream<Path> s = Files.list(SAMPLES.resolve(dir))) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    static Class<? extends CustomResource<?, ?>> typeOf(String kind) {
        return HsrlApi.KINDS.stream().filter(k -> k.getSimpleName().equals(kind)).findFirst()
                .orElseThrow(() -> new AssertionError("unknown kind " + kind));
    }

    @Test
    void quickstartRoundTripsThroughTheTypesAndGetsJavaDefaults() throws IOException {
        Map<String, CustomResource<?, ?>> byName = new java.util.HashMap<>();
        for (Path p : files("quickstart")) {
            String yaml = Files.readString(p);
            String kind = Serialization.unmarshal(yaml, JsonNode.class).get("kind").asText();
            CustomResource<?, ?> cr = Serialization.unmarshal(yaml, typeOf(kind));
            JsonNode again = Serialization.jsonMapper().valueToTree(Serialization.unmarshal(Serialization.asJson(cr), typeOf(kind)));
            assertThat(again).as(p + " round trip").isEqualTo(Serialization.jsonMapper().valueToTree(cr));
            byName.put(kind + "/" + cr.getMetadata().getName(), cr);
        }
        SemanticIndex idx = (SemanticIndex) byName.get("SemanticIndex/quickstart");
        assertThat(idx.getSpec().catalog.format).isEqualTo(ItemVectorFormat.RL4RS);
        assertThat(idx.getSpec().collisions).isEqualTo(CollisionStrategy.EXTRA_LEVEL);
        assertThat(idx.getSpec().iterations).as("default").isEqualTo(25);

        HsrlTraining t = (HsrlTraining) byName.get("HsrlTraining/quickstart-hsrl");
        assertThat(t.getSpec().algorithm).isEqualTo(Algorithm.HSRL);
        assertThat(t.getSpec().hyperParameters.actorLr).as("reference default").isEqualTo(1e-3);
        assertThat(t.getSpec().hyperParameters.slateSize).isEqualTo(9);
        assertThat(byName).containsKey("SemanticIndex/" + t.getSpec().semanticIndexRef.name);
        // the treatment: conversions within the logging policy's cost per exposure
        assertThat(t.getSpec().objective.type).isEqualTo(io.hsrl.contracts.ObjectiveType.CONVERSIONS);
        assertThat(t.getSpec().objective.costBudget).isEqualTo("+0%");
        // the control: supervised cloning of the logs, the model a team runs before reinforcement learning
        assertThat(((HsrlTraining) byName.get("HsrlTraining/quickstart-baseline")).getSpec().algorithm)
                .isEqualTo(Algorithm.SL);

        for (String serving : List.of("quickstart-hsrl", "quickstart-baseline")) {
            HsrlServing s = (HsrlServing) byName.get("HsrlServing/" + serving);
            assertThat(byName).containsKey("HsrlTraining/" + s.getSpec().model.trainingRef.name);
        }
        AbExperiment x = (AbExperiment) byName.get("AbExperiment/quickstart");
        assertThat(byName).containsKeys("HsrlServing/" + x.getSpec().control.servingRef.name,
                "HsrlServing/" + x.getSpec().treatment.servingRef.name);
        assertThat(x.getSpec().sequential).isTrue();
        assertThat(x.getSpec().guardrails).hasSize(1);
    }

    @Test
    void everyInvalidSampleSaysWhichFieldIsWrong() throws IOException {
        List<Path> invalid = files("invalid");
        assertThat(invalid).hasSizeGreaterThanOrEqualTo(6);
        Map<String, Long> kinds = invalid.stream().map(p -> {
            try {
                JsonNode n = Serialization.unmarshal(Files.readString(p), JsonNode.class);
                assertThat(Files.readString(p)).as(p + " states its reason").startsWith("# Invalid:");
                assertThat(n.at("/metadata/annotations/hsrl.io~1expected-error-field").asText())
                        .as(p + " names the field").startsWith("spec.");
                return n.get("kind").asText();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).collect(Collectors.groupingBy(k -> k, Collectors.counting()));
        assertThat(kinds.keySet()).containsExactlyInAnyOrder("SemanticIndex", "HsrlTraining", "HsrlServing", "AbExperiment");
    }
}
