package io.hsrl.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.hsrl.api.crd.CrdFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What `kubectl explain` and the API server will see: descriptions, bounds, enums, defaults, columns. */
class CrdSchemaTest {
    @TempDir
    static Path work;
    static Map<String, JsonNode> crds = new java.util.HashMap<>();

    @BeforeAll
    static void generate() throws IOException {
        for (Map.Entry<String, String> e : CrdFiles.generate(work).entrySet()) {
            crds.put(e.getKey(), Serialization.unmarshal(e.getValue().replaceFirst("(?s)^(#[^\n]*\n)*", ""), JsonNode.class));
        }
    }

    static JsonNode schema(String file) {
        return crds.get(file).at("/spec/versions/0/schema/openAPIV3Schema");
    }

    @Test
    void checkedInCrdsAreUpToDate() throws IOException {
        Path checkedIn = Path.of(System.getProperty("hsrl.crds.dir", "../crds"));
        assertThat(CrdFiles.differences(CrdFiles.generate(work.resolve("again")), checkedIn))
                .as("run: mvn -pl api verify -Dhsrl.crds.update=true").isEmpty();
    }

    @Test
    void fourNamespacedKindsWithStatusAndShortNames() {
        assertThat(crds).containsOnlyKeys("semanticindexes.hsrl.io.yaml", "hsrltrainings.hsrl.io.yaml",
                "hsrlservings.hsrl.io.yaml", "abexperiments.hsrl.io.yaml");
        crds.values().forEach(c -> {
            assertThat(c.at("/spec/scope").asText()).isEqualTo("Namespaced");
            assertThat(c.at("/spec/versions/0/name").asText()).isEqualTo("v1alpha1");
            assertThat(c.at("/spec/versions/0/subresources/status").isObject()).isTrue();
            assertThat(c.at("/spec/names/shortNames").size()).isEqualTo(1);
        });
    }

    @Test
    void everyOwnFieldIsDescribed() {
        List<String> undocumented = new ArrayList<>();
        crds.forEach((file, crd) -> {
            JsonNode root = schema(file);
            for (String part : List.of("spec", "status")) {
                collectUndocumented(root.at("/properties/" + part), part, undocumented);
            }
        });
        assertThat(undocumented).isEmpty();
    }

    /** Walks our own fields; Kubernetes core types under pod overrides and conditions carry their own docs. */
    private static void collectUndocumented(JsonNode node, String path, List<String> out) {
        JsonNode props = node.get("properties");
        if (props == null) {
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> it = props.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String p = path + "." + e.getKey();
            if (!e.getValue().hasNonNull("description")) {
                out.add(p);
            }
            if (p.endsWith(".pod") || p.endsWith(".conditions")) {
                continue;
            }
            JsonNode child = e.getValue().has("items") ? e.getValue().get("items") : e.getValue();
            collectUndocumented(child, p, out);
        }
    }

    @Test
    void boundsEnumsDefaultsAndRequiredFieldsAreInTheSchema() {
        JsonNode sidx = schema("semanticindexes.hsrl.io.yaml").at("/properties/spec");
        assertThat(sidx.at("/properties/levels/minimum").asInt()).isEqualTo(1);
        assertThat(sidx.at("/properties/levels/maximum").asInt()).isEqualTo(8);
        assertThat(sidx.at("/properties/levels/default").asInt()).isEqualTo(3);
        assertThat(sidx.at("/properties/codebookSize/maximum").asInt()).isEqualTo(4096);
        assertThat(sidx.at("/properties/collisions/enum").toString()).isEqualTo("[\"extraLevel\",\"reassign\"]");
        assertThat(sidx.at("/properties/catalog/properties/format/enum").toString()).isEqualTo("[\"csv\",\"npy\",\"rl4rs\"]");
        assertThat(sidx.at("/required").toString()).contains("catalog");

        JsonNode t = schema("hsrltrainings.hsrl.io.yaml").at("/properties/spec");
        assertThat(t.at("/required").toString()).contains("semanticIndexRef").contains("data");
        assertThat(t.at("/properties/algorithm/enum").size()).isEqualTo(6);
        assertThat(t.at("/properties/gpus/default").asInt()).isEqualTo(1);

        JsonNode x = schema("abexperiments.hsrl.io.yaml").at("/properties/spec");
        assertThat(x.at("/properties/treatmentPercent/maximum").asInt()).isEqualTo(100);
        assertThat(x.at("/properties/sequential/default").asBoolean()).isTrue();
        assertThat(x.at("/x-kubernetes-validations/0/rule").asText()).contains("control").contains("treatment");
    }

    @Test
    void printerColumnsAnswerIsItDoneAndHowGood() {
        assertThat(columns("semanticindexes.hsrl.io.yaml")).containsExactly("Ready", "Items", "Unique SIDs", "Collisions", "Age");
        assertThat(columns("hsrltrainings.hsrl.io.yaml")).containsExactly("State", "Progress", "Reward", "Algorithm", "Age");
        assertThat(columns("hsrlservings.hsrl.io.yaml")).containsExactly("Ready", "Model", "Replicas", "Endpoint", "Age");
        assertThat(columns("abexperiments.hsrl.io.yaml"))
                .containsExactly("Ready", "Treatment %", "CVR Δ%", "Cost Δ%", "Decision", "Users", "Age");
    }

    private static List<String> columns(String file) {
        List<String> names = new ArrayList<>();
        crds.get(file).at("/spec/versions/0/additionalPrinterColumns").forEach(c -> names.add(c.get("name").asText()));
        return names;
    }
}
