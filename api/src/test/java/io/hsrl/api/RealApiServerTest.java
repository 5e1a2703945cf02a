package io.hsrl.api;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.hsrl.api.v1alpha1.HsrlApi;
import io.hsrl.api.v1alpha1.SemanticIndex;
import io.hsrl.api.v1alpha1.SemanticIndexStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * The CRDs on a real kube-apiserver (enabled by HSRL_TEST_KUBECONFIG; CI starts ../shared/tools/kapi): established,
 * valid samples accepted with defaults filled in, invalid ones rejected naming the field, status through the status
 * subresource, printer columns and `kubectl explain` as a user sees them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealApiServerTest {
    static final String KUBECONFIG = System.getenv("HSRL_TEST_KUBECONFIG");
    static final Path CRDS = Path.of(System.getProperty("hsrl.crds.dir", "../crds"));
    static final String NS = "hsrl-api-test-" + Long.toHexString(System.nanoTime() & 0xffffff);
    static KubernetesClient client;

    @BeforeAll
    static void connect() throws IOException {
        Assumptions.assumeTrue(KUBECONFIG != null && !KUBECONFIG.isBlank(),
                "skipped: real-API tests need a kube-apiserver; run ../shared/tools/kapi/start.sh and set "
                        + "HSRL_TEST_KUBECONFIG=/tmp/kapi/run/kubeconfig (bash .ci/run does both)");
        client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(Path.of(KUBECONFIG)))).build();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
    }

    @AfterAll
    static void cleanUp() {
        if (client != null) {
            client.namespaces().withName(NS).delete();
            client.close();
        }
    }

    @Test
    @Order(1)
    void crdsApplyAndBecomeEstablished() throws IOException {
        try (Stream<Path> files = Files.list(CRDS)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
                    // Kubernetes 1.20 (kapi) does not know CEL rules: server-side apply rejects the typed patch, while
                    // create/update lets the server drop them (the reconcilers check the same rules).
                    client.resource(crd).createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update);
                }
            }
        }
        for (var kind : HsrlApi.KINDS) {
            String name = io.fabric8.kubernetes.client.CustomResource.getCRDName(kind);
            client.apiextensions().v1().customResourceDefinitions().withName(name).waitUntilCondition(crd ->
                    crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
                            && crd.getStatus().getConditions().stream().anyMatch(c ->
                            "Established".equals(c.getType()) && "True".equals(c.getStatus())), 60, TimeUnit.SECONDS);
        }
    }

    private static List<HasMetadata> load(String dir) throws IOException {
        List<HasMetadata> out = new ArrayList<>();
        for (Path p : SamplesTest.files(dir)) {
            try (InputStream in = Files.newInputStream(p)) {
                out.addAll(client.load(in).items());
            }
        }
        return out;
    }

    @Test
    @Order(2)
    void validSamplesAreAcceptedWithServerSideDefaults() throws IOException {
        for (HasMetadata r : load("quickstart")) {
            client.resource(r).inNamespace(NS).create();
        }
        GenericKubernetesResource idx = generic("semanticindexes", "quickstart");
        assertThat((Integer) idx.get("spec", "iterations")).as("defaulted by the server").isEqualTo(25);
        assertThat((String) idx.get("spec", "artifacts")).isEqualTo("Retain");
        GenericKubernetesResource t = generic("hsrltrainings", "quickstart-hsrl");
        assertThat((Integer) t.get("spec", "backoffLimit")).isEqualTo(2);
        assertThat((Boolean) t.get("spec", "suspend")).isFalse();
        GenericKubernetesResource x = generic("abexperiments", "quickstart");
        assertThat(((Number) x.get("spec", "alpha")).doubleValue()).isEqualTo(0.05);
    }

    private static GenericKubernetesResource generic(String plural, String name) {
        return client.genericKubernetesResources(HsrlApi.API_VERSION, kindOf(plural)).inNamespace(NS).withName(name).get();
    }

    private static String kindOf(String plural) {
        return HsrlApi.KINDS.stream().filter(k -> HasMetadata.getPlural(k).equals(plural))
                .map(HasMetadata::getKind).findFirst().orElseThrow();
    }

    @Test
    @Order(3)
    void invalidSamplesAreRejectedNamingTheField() throws IOException {
        for (HasMetadata r : load("invalid")) {
            String field = r.getMetadata().getAnnotations().get("hsrl.io/expected-error-field");
            assertThatThrownBy(() -> client.resource(r).inNamespace(NS).create())
                    .as(r.getKind() + "/" + r.getMetadata().getName())
                    .isInstanceOf(KubernetesClientException.class)
                    .hasMessageContaining(field);
        }
    }

    @Test
    @Order(4)
    void statusGoesThroughTheStatusSubresourceAndShowsInPrinterColumns() throws Exception {
        var sidx = client.resources(SemanticIndex.class).inNamespace(NS).withName("quickstart");
        SemanticIndex current = sidx.get();
        SemanticIndexStatus s = new SemanticIndexStatus();
        s.items = 10000L;
        s.uniqueSids = 10000L;
        s.collisionRate = 0.012;
        s.observedGeneration = current.getMetadata().getGeneration();
        s.setCondition(HsrlApi.READY, true, "IndexReady", "Index ready", s.observedGeneration);
        s.setCondition(HsrlApi.DEGRADED, false, "WithinThresholds", "within thresholds", s.observedGeneration);
        current.setStatus(s);
        sidx.updateStatus(current);

        SemanticIndex back = sidx.get();
        assertThat(back.getStatus().items).isEqualTo(10000L);
        assertThat(back.getMetadata().getGeneration()).as("status writes do not bump the generation")
                .isEqualTo(current.getMetadata().getGeneration());

        String table = kubectl("get", "semanticindexes", "-n", NS);
        assertThat(table.lines().findFirst().orElseThrow())
                .matches("NAME\\s+READY\\s+DEGRADED\\s+ITEMS\\s+UNIQUE SIDS\\s+COLLISIONS\\s+AGE");
        assertThat(table).containsPattern("quickstart\\s+True\\s+False\\s+10000\\s+10000\\s+0.012");
        assertThat(kubectl("get", "hsrlt", "-n", NS).lines().findFirst().orElseThrow())
                .matches("NAME\\s+STATE\\s+PROGRESS\\s+REWARD\\s+AGE");
        assertThat(kubectl("get", "abx", "-n", NS).lines().findFirst().orElseThrow())
                .matches("NAME\\s+READY\\s+TREATMENT %\\s+CVR Δ%\\s+COST Δ%\\s+DECISION\\s+AGE");
    }

    @Test
    @Order(5)
    void kubectlExplainTeachesTheResource() throws Exception {
        // The server publishes CRD schemas to its OpenAPI document asynchronously, a few seconds after creation.
        String explain = null;
        for (int attempt = 0; explain == null; attempt++) {
            try {
                explain = kubectl("explain", "semanticindex.spec");
            } catch (AssertionError notYet) {
                if (attempt >= 30) {
                    throw notYet;
                }
                Thread.sleep(1000);
            }
        }
        assertThat(explain).contains("codebookSize").contains("Codes per level K").contains("collisions");
    }

    private static String kubectl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("kubectl", "--kubeconfig", KUBECONFIG));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            fail("kubectl " + String.join(" ", args) + " failed:\n" + out);
        }
        return out;
    }
}
