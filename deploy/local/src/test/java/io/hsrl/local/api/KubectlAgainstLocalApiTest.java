package io.hsrl.local.api;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.hsrl.local.TestPaths;
import io.hsrl.local.platform.Crds;
import io.hsrl.local.platform.Kubeconfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** kubectl (the real binary) against the embedded API: discovery, Tables with printer columns, apply, describe, wait. */
class KubectlAgainstLocalApiTest {
    @TempDir
    static Path dir;
    static LocalApiServer api;
    static KubernetesClient client;
    static Path kubeconfig;

    static final ResourceDefinitionContext TRAININGS = new ResourceDefinitionContext.Builder()
            .withGroup("hsrl.io").withVersion("v1alpha1").withPlural("hsrltrainings").withKind("HsrlTraining")
            .withNamespaced(true).build();

    @BeforeAll
    static void start() throws IOException {
        api = LocalApiServer.start("127.0.0.1", 0);
        client = new KubernetesClientBuilder().withConfig(new io.fabric8.kubernetes.client.ConfigBuilder(
                Config.empty()).withMasterUrl(api.url()).withNamespace("default").build()).build();
        Crds.apply(client, TestPaths.repoRoot().resolve("crds"));
        kubeconfig = Kubeconfig.write(dir.resolve("kubeconfig"), api.url(), "default");
    }

    @AfterAll
    static void stop() {
        client.close();
        api.close();
    }

    record Result(int code, String out) {}

    static Result kubectl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString(),
                "--cache-dir", dir.resolve("cache").toString(), "--request-timeout=20s"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        boolean done = p.waitFor(60, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String out = new String(p.getInputStream().readAllBytes());
        return new Result(done ? p.exitValue() : -1, out);
    }

    static boolean haveKubectl() {
        try {
            return new ProcessBuilder("kubectl", "version", "--client").start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void getShowsPrinterColumnsIncludingTheReadyCondition() throws Exception {
        assumeTrue(haveKubectl(), "kubectl not installed");
        Path sample = TestPaths.repoRoot().resolve("deploy/samples/quickstart/02-hsrltraining-hsrl.yaml");
        Result applied = kubectl("apply", "-f", sample.toString());
        assertThat(applied.code()).as(applied.out()).isZero();
        assertThat(applied.out()).contains("hsrltraining.hsrl.io/quickstart-hsrl created");

        GenericKubernetesResource t = client.genericKubernetesResources(TRAININGS).inNamespace("default")
                .withName("quickstart-hsrl").get();
        t.setAdditionalProperty("status", Map.of("state", "Training", "progress", Map.of("percent", 42.5),
                "conditions", List.of(Map.of("type", "Ready", "status", "False", "reason", "Training"))));
        client.genericKubernetesResources(TRAININGS).inNamespace("default").resource(t).updateStatus();

        Result get = kubectl("get", "hsrltrainings");
        assertThat(get.code()).as(get.out()).isZero();
        assertThat(get.out()).contains("STATE").contains("PROGRESS").contains("Training").contains("42.5")
                .doesNotContain("ALGORITHM");
        Result wide = kubectl("get", "hsrlt", "quickstart-hsrl", "-o", "wide");
        assertThat(wide.out()).as(wide.out()).contains("ALGORITHM").contains("hsrl");

        Result again = kubectl("apply", "-f", sample.toString());
        assertThat(again.code()).as(again.out()).isZero();

        Result describe = kubectl("describe", "hsrltraining", "quickstart-hsrl");
        assertThat(describe.code()).as(describe.out()).isZero();
        assertThat(describe.out()).contains("Name:").contains("quickstart-hsrl").contains("Training");

        Result yaml = kubectl("get", "hsrltraining", "quickstart-hsrl", "-o", "jsonpath={.spec.iterations}");
        String appliedIterations = java.nio.file.Files.readString(sample).replaceAll("(?s).*\\n  iterations: (\\d+).*", "$1");
        assertThat(yaml.out().trim()).as("the applied spec comes back").isEqualTo(appliedIterations).matches("\\d+");
    }

    @Test
    void readyConditionColumnAndWaitSeeStatusChanges() throws Exception {
        assumeTrue(haveKubectl(), "kubectl not installed");
        Path sample = TestPaths.repoRoot().resolve("deploy/samples/quickstart/01-semanticindex.yaml");
        assertThat(kubectl("apply", "-f", sample.toString()).code()).isZero();
        ResourceDefinitionContext indexes = new ResourceDefinitionContext.Builder().withGroup("hsrl.io")
                .withVersion("v1alpha1").withPlural("semanticindexes").withKind("SemanticIndex").withNamespaced(true)
                .build();
        Process wait = new ProcessBuilder("kubectl", "--kubeconfig", kubeconfig.toString(),
                "--cache-dir", dir.resolve("cache").toString(), "wait",
                "semanticindex/quickstart", "--for=condition=Ready", "--timeout=40s")
                .redirectErrorStream(true).start();
        Thread.sleep(1500);
        GenericKubernetesResource idx = client.genericKubernetesResources(indexes).inNamespace("default")
                .withName("quickstart").get();
        idx.setAdditionalProperty("status", Map.of("conditions",
                List.of(Map.of("type", "Ready", "status", "True", "reason", "Built"))));
        client.genericKubernetesResources(indexes).inNamespace("default").resource(idx).updateStatus();
        assertThat(wait.waitFor(45, TimeUnit.SECONDS)).isTrue();
        String waitOut = new String(wait.getInputStream().readAllBytes());
        assertThat(wait.exitValue()).as(waitOut).isZero();
        assertThat(waitOut).contains("condition met");

        Result get = kubectl("get", "semanticindexes");
        // The READY column is .status.conditions[?(@.type=="Ready")].status in the CRD.
        assertThat(get.out()).as(get.out()).contains("READY").containsPattern("quickstart\\s+True");

        Result delete = kubectl("delete", "semanticindex", "quickstart");
        assertThat(delete.code()).as(delete.out()).isZero();
        Result waitDeleted = kubectl("wait", "semanticindex/quickstart", "--for=delete", "--timeout=10s");
        assertThat(waitDeleted.code()).as(waitDeleted.out()).isZero();
        assertThat(kubectl("get", "semanticindexes").out()).doesNotContain("quickstart ");
    }

    @Test
    void builtinKindsAreDiscoverableAndPrintable() throws Exception {
        assumeTrue(haveKubectl(), "kubectl not installed");
        Path manifest = dir.resolve("cm.yaml");
        Files.writeString(manifest, """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: demo
                data:
                  a: "1"
                  b: "2"
                """);
        Result applied = kubectl("apply", "-f", manifest.toString());
        assertThat(applied.code()).as(applied.out()).isZero();
        Result get = kubectl("get", "cm,deploy,jobs,svc,secrets");
        assertThat(get.code()).as(get.out()).isZero();
        assertThat(get.out()).contains("configmap/demo").contains("2");
        Result resources = kubectl("api-resources");
        assertThat(resources.out()).as(resources.out()).contains("hsrltrainings").contains("hsrlt")
                .contains("deployments").contains("leases").contains("horizontalpodautoscalers");
        // Built-in kinds are fetched with a protobuf-first Accept header: JSON must be labelled as such.
        Result describe = kubectl("describe", "configmap", "demo");
        assertThat(describe.code()).as(describe.out()).isZero();
        assertThat(describe.out()).contains("Data").contains("demo");
        Result category = kubectl("get", "hsrl");
        assertThat(category.code()).as(category.out()).isZero();
    }
}
