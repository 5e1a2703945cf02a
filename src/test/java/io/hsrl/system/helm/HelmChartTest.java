package io.hsrl.system.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/helm/hsrl-operator passes {@code helm lint} and renders with real Helm ({@link HelmChart}) to the same objects
 * as deploy/kustomize/base — same kinds, names, specs and RBAC rules — plus the dev overlay's MinIO with
 * values-dev.yaml, and its values change what they name.
 */
class HelmChartTest {
    static final Path ROOT = Path.of(System.getProperty("hsrl.repo.root", "../..")).toAbsolutePath().normalize();
    static final Path CHART = ROOT.resolve("deploy/helm/hsrl-operator");
    static final Path BASE = ROOT.resolve("deploy/kustomize/base");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void defaultValuesRenderTheKustomizeBase() throws Exception {
        List<JsonNode> chart = HelmChart.objects(new HelmChart(CHART).render("hsrl", "hsrl-system", List.of(), Map.of()));
        Map<String, JsonNode> rendered = byKey(chart);
        Map<String, JsonNode> base = byKey(baseObjects());
        assertThat(rendered.keySet()).as("kinds/namespaces/names").isEqualTo(base.keySet());
        for (String key : base.keySet()) {
            assertThat(normalized(rendered.get(key))).as(key + " (labels and imagePullPolicy aside)")
                    .isEqualTo(normalized(base.get(key)));
        }
        for (JsonNode o : chart) {
            assertThat(o.at("/metadata/labels/app.kubernetes.io~1part-of").asText()).as(key(o)).isEqualTo("hsrl");
            assertThat(o.at("/metadata/labels/app.kubernetes.io~1managed-by").asText()).isEqualTo("Helm");
        }
        assertThat(rendered.keySet()).contains("ClusterRole//hsrl-operator", "Role/hsrl-system/hsrl-operator-leader-election",
                "StatefulSet/hsrl-system/hsrl-ab-controller", "Deployment/hsrl-system/hsrl-operator");
    }

    @Test
    void theChartCarriesTheGeneratedCrds() throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> s = Files.list(ROOT.resolve("crds"))) {
            for (Path crd : s.sorted().toList()) {
                names.add(crd.getFileName().toString());
                assertThat(CHART.resolve("crds").resolve(crd.getFileName())).as("chart copy of " + crd.getFileName())
                        .hasSameTextualContentAs(crd);
            }
        }
        try (Stream<Path> s = Files.list(CHART.resolve("crds"))) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted().toList()).isEqualTo(names).hasSize(4);
        }
    }

    @Test
    void devValuesAddTheDevOverlaysMinio() throws Exception {
        List<JsonNode> chart = HelmChart.objects(new HelmChart(CHART).render("hsrl", "hsrl-system",
                List.of(CHART.resolve("values-dev.yaml")), Map.of()));
        Map<String, JsonNode> rendered = byKey(chart);
        Map<String, JsonNode> minio = byKey(yamlObjects(ROOT.resolve("deploy/kustomize/overlays/dev/minio.yaml")));
        for (String key : minio.keySet()) {
            assertThat(rendered).containsKey(key);
            assertThat(normalized(rendered.get(key))).as(key).isEqualTo(normalized(minio.get(key)));
        }
        JsonNode secret = rendered.get("Secret/hsrl-system/hsrl-object-store");
        assertThat(secret.at("/stringData/endpoint").asText()).isEqualTo("http://minio.hsrl-system.svc:9000");
        assertThat(secret.at("/stringData/accessKey").asText()).isEqualTo("hsrl-dev");
        assertThat(secret.at("/stringData/region").asText()).isEqualTo("us-east-1");
        assertThat(rendered.get("Deployment/hsrl-system/hsrl-operator").at("/spec/replicas").asInt()).isEqualTo(1);
        assertThat(rendered.get("StatefulSet/hsrl-system/hsrl-ab-controller").at("/spec/replicas").asInt()).isEqualTo(1);

        List<JsonNode> prod = HelmChart.objects(new HelmChart(CHART).render("hsrl", "hsrl-system", List.of(), Map.of()));
        assertThat(prod).as("the defaults carry no credentials").noneMatch(o -> o.path("kind").asText().equals("Secret"));
    }

    @Test
    void valuesChangeWhatTheyName() throws Exception {
        List<JsonNode> chart = HelmChart.objects(new HelmChart(CHART).render("team", "ignored", List.of(), Map.of(
                "namespace.name", "hsrl-ops", "namespace.create", false,
                "images.operator.tag", "1.2.3", "images.trainer.repository", "registry.example/trainer",
                "operator.watchNamespaces", "team-a,team-b", "imagePullSecrets", List.of("regcred"),
                "abController.storageClassName", "fast", "objectStore.secretName", "s3-creds",
                "operator.resources", Map.of("requests", Map.of("cpu", "2")))));
        Map<String, JsonNode> rendered = byKey(chart);
        assertThat(rendered.keySet()).noneMatch(k -> k.startsWith("Namespace/"));
        for (JsonNode o : chart) {
            if (o.at("/metadata/namespace").isTextual()) {
                assertThat(o.at("/metadata/namespace").asText()).as(key(o)).isEqualTo("hsrl-ops");
            }
            for (JsonNode subject : o.path("subjects")) {
                assertThat(subject.path("namespace").asText()).as(key(o)).isEqualTo("hsrl-ops");
            }
        }
        JsonNode operator = rendered.get("Deployment/hsrl-ops/hsrl-operator");
        JsonNode container = operator.at("/spec/template/spec/containers/0");
        assertThat(container.path("image").asText()).isEqualTo("ghcr.io/hsrl/hsrl-operator:1.2.3");
        assertThat(container.path("env").toString()).contains("\"QUARKUS_OPERATOR_SDK_NAMESPACES\"")
                .contains("\"team-a,team-b\"").contains("\"s3-creds\"").doesNotContain("hsrl-object-store");
        assertThat(container.at("/resources/requests/cpu").asText()).isEqualTo("2");
        assertThat(operator.at("/spec/template/spec/imagePullSecrets/0/name").asText()).isEqualTo("regcred");
        JsonNode ab = rendered.get("StatefulSet/hsrl-ops/hsrl-ab-controller");
        assertThat(ab.at("/spec/template/spec/imagePullSecrets/0/name").asText()).isEqualTo("regcred");
        assertThat(ab.at("/spec/volumeClaimTemplates/0/spec/storageClassName").asText()).isEqualTo("fast");
        assertThat(rendered.get("ConfigMap/hsrl-ops/hsrl-config").at("/data/HSRL_OPERATOR_TRAINER_IMAGE").asText())
                .isEqualTo("registry.example/trainer:0.1.0");
        assertThat(operator.at("/metadata/labels/app.kubernetes.io~1instance").asText()).isEqualTo("team");
    }

    @Test
    void chartMetadataAndNotesAreWhatHelmExpects() throws Exception {
        HelmChart chart = new HelmChart(CHART);
        assertThat(chart.chartYaml()).containsEntry("apiVersion", "v2").containsEntry("name", "hsrl-operator");
        assertThat(String.valueOf(chart.chartYaml().get("version"))).matches("\\d+\\.\\d+\\.\\d+");
        assertThat(CHART.resolve("templates/_helpers.tpl")).isRegularFile();
        String notes = chart.notes("hsrl", "x", List.of(CHART.resolve("values-dev.yaml")));
        assertThat(notes).contains("namespace hsrl-system").contains("http://minio.hsrl-system.svc:9000")
                .doesNotContain("{{");
    }

    @Test
    void helmLintPasses() throws Exception {
        var lint = new HelmChart(CHART).lint();
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    /** The base's objects as its kustomization lists them (CRDs aside: the chart carries those in crds/). */
    static List<JsonNode> baseObjects() throws IOException {
        JsonNode k = YAML.readTree(BASE.resolve("kustomization.yaml").toFile());
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode r : k.path("resources")) {
            if (!r.asText().startsWith("crds/")) {
                out.addAll(yamlObjects(BASE.resolve(r.asText())));
            }
        }
        assertThat(out).hasSizeGreaterThan(10);
        return out;
    }

    static List<JsonNode> yamlObjects(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (YAMLParser p = new YAMLFactory().createParser(file.toFile())) {
            YAML.readValues(p, JsonNode.class).forEachRemaining(n -> {
                if (n != null && n.isObject() && !n.isEmpty()) {
                    out.add(n);
                }
            });
        }
        return out;
    }

    static String key(JsonNode o) {
        return o.path("kind").asText() + "/" + o.at("/metadata/namespace").asText("") + "/"
                + o.at("/metadata/name").asText();
    }

    static Map<String, JsonNode> byKey(List<JsonNode> objects) {
        Map<String, JsonNode> out = new TreeMap<>();
        for (JsonNode o : objects) {
            assertThat(o.path("apiVersion").isTextual() && o.path("kind").isTextual()
                    && o.at("/metadata/name").isTextual()).as("a Kubernetes object: " + o).isTrue();
            assertThat(out.put(key(o), o)).as("duplicate " + key(o)).isNull();
        }
        return out;
    }

    /** Without metadata labels (the chart adds Helm's) and imagePullPolicy (a chart value). */
    static JsonNode normalized(JsonNode o) {
        JsonNode copy = o.deepCopy();
        strip(copy);
        return copy;
    }

    private static void strip(JsonNode n) {
        if (n instanceof ObjectNode obj) {
            if (obj.has("metadata") && obj.get("metadata") instanceof ObjectNode meta) {
                meta.remove("labels");
            }
            obj.remove("imagePullPolicy");
            obj.forEach(HelmChartTest::strip);
        } else if (n.isArray()) {
            n.forEach(HelmChartTest::strip);
        }
    }
}
