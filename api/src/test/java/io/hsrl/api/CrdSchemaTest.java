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

    /**
     * int64 fields, each with the reason it is not int32; every other integer must fit int32, so that no value the
     * schema admits overflows the operator's {@code Integer} fields when it reads the resource.
     */
    static final Map<String, String> INT64 = Map.of(
            "spec.seed", "the trainer's and index builder's seeds are Java longs",
            "spec.activeDeadlineSeconds", "Kubernetes' Job.activeDeadlineSeconds is int64",
            "spec.minUsersPerArm", "user counts are longs in the experiment statistics",
            "spec.pod.tolerations[].tolerationSeconds", "Kubernetes' Toleration.tolerationSeconds is int64");

    /** Every value a user can write into a spec has a bound: numbers a range, strings a length, lists and maps a size. */
    @Test
    void everySpecFieldIsBounded() {
        List<String> unbounded = new ArrayList<>();
        crds.forEach((file, crd) -> collectUnbounded(schema(file).at("/properties/spec"), file + ": spec", unbounded));
        assertThat(unbounded).isEmpty();
    }

    private static void collectUnbounded(JsonNode node, String path, List<String> out) {
        String type = node.path("type").asText();
        if (node.path("x-kubernetes-int-or-string").asBoolean()) {
            if (!node.has("pattern") && !node.has("maximum")) {
                out.add(path + " (int-or-string without pattern)");
            }
            return;
        }
        switch (type) {
            case "integer" -> {
                String field = path.substring(path.indexOf(": ") + 2);
                if (!node.has("minimum") || !node.has("maximum")) {
                    out.add(path + " (integer without minimum and maximum)");
                } else if (!INT64.containsKey(field) && (node.get("maximum").asDouble() > Integer.MAX_VALUE
                        || node.get("minimum").asDouble() < Integer.MIN_VALUE)) {
                    out.add(path + " (beyond int32 with no reason in INT64)");
                } else if (node.get("maximum").asDouble() > Long.MAX_VALUE) {
                    out.add(path + " (beyond int64)");
                }
            }
            case "number" -> {
                if (!node.has("minimum") || !node.has("maximum")) {
                    out.add(path + " (number without minimum and maximum)");
                }
            }
            case "string" -> {
                if (!node.has("maxLength") && !node.has("enum")) {
                    out.add(path + " (string without maxLength or enum)");
                }
            }
            case "array" -> {
                if (!node.has("maxItems")) {
                    out.add(path + " (array without maxItems)");
                }
                collectUnbounded(node.get("items"), path + "[]", out);
            }
            case "object" -> {
                if (node.has("additionalProperties")) {
                    if (!node.has("maxProperties")) {
                        out.add(path + " (map without maxProperties)");
                    }
                    collectUnbounded(node.get("additionalProperties"), path + "{}", out);
                }
                node.path("properties").fields().forEachRemaining(e ->
                        collectUnbounded(e.getValue(), path + "." + e.getKey(), out));
            }
            case "boolean" -> {
            }
            default -> out.add(path + " (type '" + type + "' the bound check does not know)");
        }
    }

    @Test
    void aFieldWithoutABoundIsReported() {
        List<String> out = new ArrayList<>();
        JsonNode spec = Serialization.unmarshal("{\"type\":\"object\",\"properties\":{"
                + "\"n\":{\"type\":\"integer\",\"minimum\":0},"
                + "\"big\":{\"type\":\"integer\",\"minimum\":0,\"maximum\":3000000000},"
                + "\"s\":{\"type\":\"string\"},\"ok\":{\"type\":\"string\",\"maxLength\":3},"
                + "\"l\":{\"type\":\"array\",\"items\":{\"type\":\"boolean\"}}}}", JsonNode.class);
        collectUnbounded(spec, "x: spec", out);
        assertThat(out).containsExactlyInAnyOrder("x: spec.n (integer without minimum and maximum)",
                "x: spec.big (beyond int32 with no reason in INT64)", "x: spec.s (string without maxLength or enum)",
                "x: spec.l (array without maxItems)");
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
        assertThat(x.at("/properties/metrics/properties/primary/enum").toString())
                .isEqualTo("[\"cpa\",\"ctr\",\"cvr\",\"postClickCvr\"]");
        assertThat(x.at("/properties/metrics/properties/primary/default").asText()).isEqualTo("cvr");
    }

    @Test
    void printerColumnsAnswerIsItDoneAndHowGood() {
        assertThat(columns("semanticindexes.hsrl.io.yaml")).containsExactly("Ready", "Degraded", "Items", "Unique SIDs", "Collisions", "Age");
        assertThat(columns("hsrltrainings.hsrl.io.yaml")).containsExactly("State", "Progress", "Reward", "Algorithm", "Objective", "Lambda",
                "Budget-Holds", "Age");
        assertThat(columns("hsrlservings.hsrl.io.yaml")).containsExactly("Ready", "Model", "Replicas", "Endpoint", "Age");
        assertThat(columns("abexperiments.hsrl.io.yaml"))
                .containsExactly("Ready", "Treatment %", "CVR Δ%", "Cost Δ%", "Decision", "Users", "Primary", "CUPED VR%",
                        "Power", "Age");
    }

    private static List<String> columns(String file) {
        List<String> names = new ArrayList<>();
        crds.get(file).at("/spec/versions/0/additionalPrinterColumns").forEach(c -> names.add(c.get("name").asText()));
        return names;
    }
}
