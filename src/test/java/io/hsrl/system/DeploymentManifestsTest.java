package io.hsrl.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/kustomize renders (with the kubectl on the machine), follows the platform's rules (non-root, probes,
 * resources, no wildcard RBAC, no inline credentials in prod), and — with HSRL_TEST_KUBECONFIG — a real API server
 * accepts every object in a server-side dry run.
 */
class DeploymentManifestsTest {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void overlaysRenderAndFollowThePlatformRules(String overlay) throws Exception {
        String rendered = kubectl("kustomize", Programs.ROOT.resolve("deploy/kustomize/overlays/" + overlay).toString());
        List<JsonNode> objects = new ArrayList<>();
        try (YAMLParser p = new YAMLFactory().createParser(rendered)) {
            YAML.readValues(p, JsonNode.class).forEachRemaining(objects::add);
        }
        assertThat(objects).extracting(o -> o.get("kind").asText())
                .contains("CustomResourceDefinition", "Deployment", "StatefulSet", "ClusterRole", "ServiceAccount");
        assertThat(objects.stream().filter(o -> o.get("kind").asText().equals("CustomResourceDefinition"))).hasSize(4);
        for (JsonNode o : objects) {
            String what = o.get("kind").asText() + "/" + o.at("/metadata/name").asText();
            if (o.get("kind").asText().matches("Deployment|StatefulSet")) {
                JsonNode pod = o.at("/spec/template/spec");
                assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).as(what + " non-root").isTrue();
                for (JsonNode c : pod.get("containers")) {
                    assertThat(c.has("readinessProbe") && c.has("livenessProbe")).as(what + " probes").isTrue();
                    assertThat(c.at("/resources/requests").isObject()).as(what + " requests").isTrue();
                    assertThat(c.at("/securityContext/allowPrivilegeEscalation").asBoolean(true)).as(what).isFalse();
                }
            }
            if (o.get("kind").asText().matches("ClusterRole|Role")) {
                for (JsonNode rule : o.get("rules")) {
                    assertThat(rule.toString()).as(what + " has no wildcards").doesNotContain("\"*\"");
                    if (rule.get("resources").toString().contains("\"secrets\"")) {
                        // the A/B controller watches the token Secrets (label hsrl.io/events-token=true) by an informer
                        assertThat(rule.get("verbs").toString()).as(what + ": secrets are only read")
                                .isEqualTo(what.equals("ClusterRole/hsrl-ab-controller") ? "[\"get\",\"list\",\"watch\"]"
                                        : "[\"get\"]");
                    }
                }
            }
            if (overlay.equals("prod")) {
                assertThat(o.get("kind").asText()).as("prod carries no credentials").isNotEqualTo("Secret");
            }
        }

        String kubeconfig = System.getenv("HSRL_TEST_KUBECONFIG");
        if (kubeconfig != null && !kubeconfig.isBlank()) {
            // the namespace must exist for a dry run of the objects inside it
            run(List.of("kubectl", "--kubeconfig", kubeconfig, "create", "namespace", "hsrl-system"), true);
            java.nio.file.Path file = java.nio.file.Files.createTempFile("hsrl-" + overlay, ".yaml");
            java.nio.file.Files.writeString(file, rendered);
            String out = run(List.of("kubectl", "--kubeconfig", kubeconfig, "apply", "--dry-run=server",
                    "--validate=false", "-f", file.toString()), false);
            assertThat(out).contains("statefulset.apps/hsrl-ab-controller").contains("deployment.apps/hsrl-operator");
        }
    }

    private static String kubectl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("kubectl"));
        cmd.addAll(List.of(args));
        return run(cmd, false);
    }

    private static String run(List<String> cmd, boolean mayFail) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException noKubectl) {
            Assumptions.abort("skipped: kubectl is not installed");
            throw noKubectl;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(120, TimeUnit.SECONDS);
        if (!mayFail) {
            assertThat(p.exitValue()).as(String.join(" ", cmd) + ":\n" + out).isZero();
        }
        return out;
    }
}
