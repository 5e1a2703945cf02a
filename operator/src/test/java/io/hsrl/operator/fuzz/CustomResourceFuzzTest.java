package io.hsrl.operator.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.hsrl.operator.testing.S3ProxyResource;
import io.javaoperatorsdk.operator.Operator;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Random custom resources, valid and invalid for the schema (the mock API server checks none of it, as a cluster on
 * an older CRD would not): no informer stops, and every resource ends with a Ready condition for its generation.
 * Seeded, and bounded in count and time.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(S3ProxyResource.class)
class CustomResourceFuzzTest {
    static final String NS = "fuzz";
    static final String API = "hsrl.io/v1alpha1";
    static final long SEED = Long.getLong("hsrl.fuzz.seed", 20261207L);
    static final int RESOURCES = Integer.getInteger("hsrl.fuzz.resources", 36);
    static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @Inject
    KubernetesClient client;
    @Inject
    Operator operator;
    @TestHTTPResource("/q/health/ready")
    URL readiness;

    final Random random = new Random(SEED);

    /** A value for an integer field: in range, at an edge, beyond int32 or int64, negative, or not a number. */
    JsonNode integer(int typical) {
        return switch (random.nextInt(8)) {
            case 0 -> JSON.numberNode(Long.MAX_VALUE);
            case 1 -> JSON.numberNode(3_000_000_000L);
            case 2 -> JSON.numberNode(-1);
            case 3 -> JSON.textNode("many");
            case 4 -> JSON.numberNode(0);
            default -> JSON.numberNode(typical);
        };
    }

    JsonNode uri() {
        return JSON.textNode(switch (random.nextInt(9)) {
            case 0 -> "s3://datasets/a/../../secrets";
            case 1 -> "/etc/passwd";
            case 2 -> "http://example.com/x";
            case 3 -> "s3://Bad_Bucket/x";
            case 4 -> "s3://datasets/" + "k".repeat(2000);
            case 5 -> "";
            default -> "s3://datasets/rl4rs/item_info.csv";
        });
    }

    String name(int i) {
        String base = "r" + i + "-" + Integer.toHexString(random.nextInt(0xffff));
        return random.nextInt(6) == 0 ? base + "-" + "n".repeat(90) : base;
    }

    ObjectNode index() {
        ObjectNode spec = JSON.objectNode();
        spec.putObject("catalog").set("uri", uri());
        spec.withObject("/catalog").put("format", random.nextInt(5) == 0 ? "parquet" : "rl4rs");
        spec.set("levels", integer(3));
        spec.set("codebookSize", random.nextInt(4) == 0 ? JSON.numberNode(4096) : integer(64));
        spec.set("seed", integer(7));
        if (random.nextInt(4) == 0) {
            spec.putObject("pod").putObject("resources").putObject("requests").put("cpu",
                    random.nextBoolean() ? "lots" : "2");
            spec.withObject("/pod/resources").putObject("limits").put("cpu", "1");
        }
        return spec;
    }

    ObjectNode training(List<String> indexes) {
        ObjectNode spec = JSON.objectNode();
        spec.putObject("semanticIndexRef").put("name", indexes.isEmpty() || random.nextInt(3) == 0 ? "missing"
                : indexes.get(random.nextInt(indexes.size())));
        spec.putObject("data").set("uri", uri());
        spec.put("gpus", 0);
        spec.set("iterations", integer(100));
        spec.set("checkpointEvery", integer(10));
        ObjectNode hp = spec.putObject("hyperParameters");
        hp.set("bufferSize", integer(1000));
        hp.set("startTimestamp", integer(10));
        hp.set("initialTemper", integer(20));
        if (random.nextInt(4) == 0) {
            hp.put("dModel", 30).put("nHead", 4);
        }
        if (random.nextInt(5) == 0) {
            spec.put("algorithm", "alphago");
        }
        return spec;
    }

    ObjectNode serving(List<String> trainings) {
        ObjectNode spec = JSON.objectNode();
        if (random.nextBoolean() && !trainings.isEmpty()) {
            spec.putObject("model").putObject("trainingRef").put("name", trainings.get(random.nextInt(trainings.size())));
        } else {
            spec.putObject("model").set("checkpointUri", uri());
        }
        spec.set("replicas", integer(1));
        if (random.nextInt(3) == 0) {
            spec.putObject("autoscaling").set("minReplicas", integer(1));
            spec.withObject("/autoscaling").set("maxReplicas", integer(4));
        }
        return spec;
    }

    GenericKubernetesResource create(String kind, String name, ObjectNode spec) {
        ObjectNode r = JSON.objectNode().put("apiVersion", API).put("kind", kind);
        r.putObject("metadata").put("name", name).put("namespace", NS);
        r.set("spec", spec);
        return client.genericKubernetesResources(API, kind).inNamespace(NS)
                .resource(Serialization.unmarshal(r.toString(), GenericKubernetesResource.class)).create();
    }

    @Test
    void randomResourcesEachEndWithAConditionAndNoInformerStops() throws Exception {
        List<String[]> created = new ArrayList<>();
        List<String> indexes = new ArrayList<>();
        List<String> trainings = new ArrayList<>();
        for (int i = 0; i < RESOURCES; i++) {
            String name = name(i);
            switch (i % 3) {
                case 0 -> {
                    create("SemanticIndex", name, index());
                    indexes.add(name);
                    created.add(new String[] {"SemanticIndex", name});
                }
                case 1 -> {
                    create("HsrlTraining", name, training(indexes));
                    trainings.add(name);
                    created.add(new String[] {"HsrlTraining", name});
                }
                default -> {
                    create("HsrlServing", name, serving(trainings));
                    created.add(new String[] {"HsrlServing", name});
                }
            }
        }

        Function<String[], Map<?, ?>> readyCondition = r -> {
            GenericKubernetesResource g = client.genericKubernetesResources(API, r[0]).inNamespace(NS).withName(r[1]).get();
            Object status = g.getAdditionalProperties().get("status");
            if (!(status instanceof Map<?, ?> s) || !(s.get("conditions") instanceof List<?> conditions)) {
                return null;
            }
            return conditions.stream().map(c -> (Map<?, ?>) c).filter(c -> "Ready".equals(c.get("type")))
                    .findFirst().orElse(null);
        };
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            List<String> without = created.stream().filter(r -> readyCondition.apply(r) == null)
                    .map(r -> r[0] + "/" + r[1]).toList();
            assertThat(without).as("resources without a Ready condition (seed " + SEED + ")").isEmpty();
        });
        for (String[] r : created) {
            Map<?, ?> c = readyCondition.apply(r);
            assertThat(c.get("reason")).as(r[0] + "/" + r[1]).isNotNull();
            assertThat(String.valueOf(c.get("message"))).as(r[0] + "/" + r[1]).isNotBlank();
        }
        assertThat(operator.getRuntimeInfo().allEventSourcesAreHealthy()).as("informers (seed " + SEED + ")").isTrue();
        assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(readiness.toString())).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }
}
