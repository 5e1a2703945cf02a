package io.hsrl.operator.realapi;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.hsrl.api.v1alpha1.Conditions;
import io.hsrl.api.v1alpha1.HsrlServing;
import io.hsrl.api.v1alpha1.HsrlTraining;
import io.hsrl.api.v1alpha1.SemanticIndex;
import io.hsrl.artifact.ArtifactLayout;
import io.hsrl.operator.testing.FakeKubelet;
import io.hsrl.operator.testing.Fixtures;
import io.hsrl.operator.testing.S3ProxyResource;
import io.hsrl.operator.workload.Ownership;
import io.hsrl.store.ObjectStore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.javaoperatorsdk.operator.Operator;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Hostile custom resources against a real kube-apiserver (enabled by HSRL_TEST_KUBECONFIG): each is rejected by the
 * schema naming its field, or gets {@code Ready=False} naming its field and no Job; resources the operator cannot
 * even read (values admitted by an older CRD without bounds) stop nothing; valid resources applied afterwards are
 * reconciled as usual and the operator stays ready.
 */
@QuarkusTest
@TestProfile(RealApiProfile.class)
@WithTestResource(RealApiServer.class)
@WithTestResource(S3ProxyResource.class)
@EnabledIfEnvironmentVariable(named = RealApiServer.KUBECONFIG_ENV, matches = ".+", disabledReason =
        "real-API tier: start ../shared/tools/kapi/start.sh and set HSRL_TEST_KUBECONFIG=<KAPI_HOME>/kubeconfig")
class HostileResourcesOnRealApiServerTest {
    static final String NS = "hsrl-hostile-" + Long.toHexString(System.nanoTime() & 0xffffff);
    static final String API = "hsrl.io/v1alpha1";
    static KubernetesClient admin;

    @Inject
    ObjectStore store;
    @Inject
    Operator operator;
    @TestHTTPResource("/q/health/ready")
    URL readiness;
    @TestHTTPResource("/q/health/live")
    URL liveness;

    @BeforeAll
    static void namespace() {
        admin = RealApiServer.admin();
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
    }

    @AfterAll
    static void cleanUp() {
        if (admin != null) {
            for (String kind : List.of("HsrlServing", "HsrlTraining", "SemanticIndex")) {
                admin.genericKubernetesResources(API, kind).inNamespace(NS).delete();
            }
            admin.namespaces().withName(NS).delete();
            admin.close();
        }
    }

    static GenericKubernetesResource apply(String kind, String name, String spec) {
        GenericKubernetesResource r = Serialization.unmarshal("{\"apiVersion\":\"" + API + "\",\"kind\":\"" + kind
                + "\",\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"" + NS + "\"},\"spec\":" + spec + "}",
                GenericKubernetesResource.class);
        return admin.genericKubernetesResources(API, kind).inNamespace(NS).resource(r).create();
    }

    static String index(String catalog, String more) {
        return "{\"catalog\":{\"uri\":\"" + catalog + "\",\"format\":\"rl4rs\"},\"levels\":3,\"codebookSize\":64"
                + (more.isEmpty() ? "" : "," + more) + "}";
    }

    static String training(String indexName, String more) {
        return "{\"semanticIndexRef\":{\"name\":\"" + indexName + "\"},\"data\":{\"uri\":\"s3://datasets/rl4rs/b\"},"
                + "\"gpus\":0" + (more.isEmpty() ? "" : "," + more) + "}";
    }

    static Condition ready(String kind, String name) {
        GenericKubernetesResource r = admin.genericKubernetesResources(API, kind).inNamespace(NS).withName(name).get();
        Object status = r == null ? null : r.getAdditionalProperties().get("status");
        if (!(status instanceof Map<?, ?> map) || !(map.get("conditions") instanceof List<?> list)) {
            return null;
        }
        return list.stream().map(c -> Serialization.unmarshal(Serialization.asJson(c), Condition.class))
                .filter(c -> "Ready".equals(c.getType())).findFirst().orElse(null);
    }

    static List<Job> jobsOf(String name) {
        return admin.batch().v1().jobs().inNamespace(NS).withLabel(Ownership.INSTANCE,
                io.hsrl.operator.workload.ObjectNames.labelValue(name)).list().getItems();
    }

    /** Stores a value the current schema refuses, as a cluster still on an older CRD (without that bound) would. */
    static void withOlderCrd(Class<?> kind, List<String> path, Runnable create) {
        String crdName = io.fabric8.kubernetes.client.CustomResource.getCRDName(
                kind.asSubclass(io.fabric8.kubernetes.client.CustomResource.class));
        Double max = editMaximum(crdName, path, null);
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
                    .until(() -> {
                        create.run();
                        return true;
                    });
        } finally {
            editMaximum(crdName, path, max);
        }
    }

    private static Double editMaximum(String crdName, List<String> path, Double value) {
        CustomResourceDefinition crd = admin.apiextensions().v1().customResourceDefinitions().withName(crdName).get();
        JSONSchemaProps node = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
        for (String p : path) {
            node = node.getProperties().get(p);
        }
        Double before = node.getMaximum();
        node.setMaximum(value);
        admin.resource(crd).update();
        return before;
    }

    @Test
    void hostileResourcesAreRejectedOrGetAConditionNamingTheirFieldAndNothingStops() throws Exception {
        // 1. rejected by the schema, naming the field
        Map<String, Runnable> refused = new LinkedHashMap<>();
        refused.put("spec.levels", () -> apply("SemanticIndex", "r-levels", index("s3://datasets/c.csv", "\"levels\":12")));
        refused.put("spec.catalog.uri", () -> apply("SemanticIndex", "r-scheme", index("http://example.com/c.csv", "")));
        refused.put("spec.catalog.uri ", () -> apply("SemanticIndex", "r-long", index("s3://datasets/" + "a".repeat(2000), "")));
        refused.put("spec.objectStore.bucket", () -> apply("SemanticIndex", "r-bucket",
                index("s3://datasets/c.csv", "\"objectStore\":{\"bucket\":\"Bad_Bucket\"}")));
        refused.put("spec.pod.resources.limits", () -> apply("SemanticIndex", "r-quantity",
                index("s3://datasets/c.csv", "\"pod\":{\"resources\":{\"limits\":{\"cpu\":\"lots\"}}}")));
        refused.put("spec.hyperParameters.bufferSize", () -> apply("HsrlTraining", "r-buffer",
                training("i", "\"hyperParameters\":{\"bufferSize\":3000000000}")));
        refused.put("spec.seed", () -> apply("HsrlTraining", "r-seed", training("i", "\"seed\":9223372036854775807")));
        refused.put("spec.objective.costBudget", () -> apply("HsrlTraining", "r-budget",
                training("i", "\"objective\":{\"type\":\"conversions\",\"costBudget\":\"5\"}")));
        refused.put("spec.objective.type", () -> apply("HsrlTraining", "r-objective",
                training("i", "\"objective\":{\"type\":\"revenue\"}")));
        refused.put("spec.autoscaling.minReplicas", () -> apply("HsrlServing", "r-replicas",
                "{\"model\":{\"checkpointUri\":\"s3://models/m/latest.json\"},\"autoscaling\":{\"minReplicas\":3000000000}}"));
        refused.forEach((field, create) -> assertThatThrownBy(create::run).as(field)
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422))
                .hasMessageContaining(field.trim()));

        // 2. poison: values an older CRD admitted, which do not fit the operator's types
        withOlderCrd(HsrlTraining.class, List.of("spec", "hyperParameters", "bufferSize"),
                () -> apply("HsrlTraining", "c-poison", training("v-after", "\"hyperParameters\":{\"bufferSize\":9223372036854775807}")));
        withOlderCrd(HsrlServing.class, List.of("spec", "autoscaling", "minReplicas"),
                () -> apply("HsrlServing", "c-poison", "{\"model\":{\"checkpointUri\":\"s3://models/m/latest.json\"},"
                        + "\"autoscaling\":{\"minReplicas\":3000000000,\"maxReplicas\":4}}"));

        // 3. admitted by the schema, refused by the operator before any workload exists
        record Case(String kind, String name, String field, String reason) {
        }
        List<Case> cases = List.of(
                new Case("SemanticIndex", "c-dotdot", "spec.catalog.uri", "InvalidSpec"),
                new Case("SemanticIndex", "c-local", "spec.catalog.uri", "InvalidSpec"),
                new Case("SemanticIndex", "c-codebook", "spec.codebookSize", "InvalidSpec"),
                new Case("SemanticIndex", "c-requests", "spec.pod.resources.requests.cpu", "InvalidSpec"),
                new Case("HsrlTraining", "c-heads", "spec.hyperParameters.nHead", "InvalidSpec"),
                new Case("HsrlTraining", "c-toleration", "spec.pod.tolerations[0].operator", "InvalidSpec"),
                new Case("HsrlTraining", "c-objective", "spec.objective.type", "InvalidSpec"),
                new Case("HsrlServing", "c-dotdot", "spec.model.checkpointUri", "InvalidSpec"),
                new Case("HsrlServing", "9lives", "metadata.name", "InvalidSpec"),
                // the API server refuses the Job the operator builds: the answer lands on the resource
                new Case("SemanticIndex", "c-rejected-job", "tolerations[0].effect", "ApiRejected"));
        apply("SemanticIndex", "c-dotdot", index("s3://datasets/a/../../secrets/c.csv", ""));
        apply("SemanticIndex", "c-local", index("/etc/passwd", ""));
        apply("SemanticIndex", "c-codebook", index("s3://datasets/c.csv", "\"levels\":8,\"codebookSize\":4096"));
        apply("SemanticIndex", "c-requests", index("s3://datasets/c.csv",
                "\"pod\":{\"resources\":{\"limits\":{\"cpu\":\"1\"},\"requests\":{\"cpu\":\"2\"}}}"));
        apply("HsrlTraining", "c-heads", training("v-after", "\"hyperParameters\":{\"dModel\":30,\"nHead\":4}"));
        apply("HsrlTraining", "c-toleration", training("v-after",
                "\"pod\":{\"tolerations\":[{\"key\":\"gpu\",\"operator\":\"Sometimes\"}]}"));
        apply("HsrlTraining", "c-objective", training("v-after", "\"algorithm\":\"sl\",\"objective\":{\"type\":\"conversions\"}"));
        apply("HsrlServing", "c-dotdot", "{\"model\":{\"checkpointUri\":\"s3://models/a/../b/latest.json\"}}");
        apply("HsrlServing", "9lives", "{\"model\":{\"checkpointUri\":\"s3://models/m/latest.json\"}}");
        apply("SemanticIndex", "c-rejected-job", index("s3://datasets/c.csv", "\"pod\":{\"tolerations\":[{\"key\":\"gpu\","
                + "\"operator\":\"Exists\",\"effect\":\"NoSchedule\",\"tolerationSeconds\":5}]}"));

        // 4. valid resources applied afterwards reconcile as usual, whatever their names' length
        String longName = "v-" + "a".repeat(118);
        apply("SemanticIndex", longName, index("s3://datasets/c.csv", ""));
        GenericKubernetesResource valid = apply("SemanticIndex", "v-after", index("s3://datasets/c.csv", ""));
        apply("HsrlTraining", "v-after-train", training("v-after", ""));

        var eventually = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300));
        for (Case c : cases) {
            eventually.alias(c.kind() + " " + c.name()).until(() -> ready(c.kind(), c.name()),
                    r -> r != null && "False".equals(r.getStatus()) && c.reason().equals(r.getReason()));
            assertThat(ready(c.kind(), c.name()).getMessage()).as(c.kind() + " " + c.name()).contains(c.field());
            assertThat(jobsOf(c.name())).as("no Job for " + c.kind() + " " + c.name()).isEmpty();
        }
        // the poison: the API server refuses every status write of an object that fails the current schema, so the
        // Warning event is where its field is named; the informer goes on (the valid resources below) and no Job
        for (String field : List.of("spec.hyperParameters.bufferSize", "spec.autoscaling.minReplicas")) {
            eventually.alias(field).until(() -> Fixtures.events(admin, NS, "c-poison").stream().anyMatch(e ->
                    "Warning".equals(e.getType()) && e.getMessage().startsWith(field + ": cannot be read")));
        }
        assertThat(jobsOf("c-poison")).isEmpty();

        Job longJob = eventually.until(() -> jobsOf(longName), l -> l.size() == 1).get(0);
        assertThat(longJob.getMetadata().getName()).hasSizeLessThanOrEqualTo(63).endsWith("-index");
        eventually.until(() -> jobsOf("v-after"), l -> l.size() == 1);
        String prefix = ArtifactLayout.indexPrefix("hsrl", NS, "v-after", valid.getMetadata().getUid(), 1);
        store.writeJson(ArtifactLayout.stats(prefix), Fixtures.stats(1000, 10, List.of(0.9, 1.0, 1.0)));
        new FakeKubelet(admin).jobSucceeded(NS, "v-after-index");
        eventually.until(() -> admin.batch().v1().jobs().inNamespace(NS).withName("v-after-train-train").get() != null);
        assertThat(admin.resources(HsrlTraining.class).inNamespace(NS).withName("v-after-train").get().getStatus().state)
                .isEqualTo("Running");

        // 5. nothing stopped: every informer healthy, readiness and liveness up
        assertThat(operator.getRuntimeInfo().allEventSourcesAreHealthy()).isTrue();
        assertThat(status(readiness)).isEqualTo(200);
        assertThat(status(liveness)).isEqualTo(200);
    }

    static int status(URL url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url.toString())).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }
}
