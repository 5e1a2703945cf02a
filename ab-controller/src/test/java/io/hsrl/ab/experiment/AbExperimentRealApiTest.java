package io.hsrl.ab.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.hsrl.ab.TestAbConfig;
import io.hsrl.ab.TestCrds;
import io.hsrl.ab.events.EventBatchReader;
import io.hsrl.ab.routing.ExposureId;
import io.hsrl.ab.routing.FakeServing;
import io.hsrl.ab.routing.Router;
import io.hsrl.api.v1alpha1.AbExperiment;
import io.hsrl.api.v1alpha1.Conditions;
import io.hsrl.api.v1alpha1.Decision;
import io.hsrl.api.v1alpha1.ExperimentArm;
import io.hsrl.api.v1alpha1.Guardrail;
import io.hsrl.api.v1alpha1.GuardrailMetric;
import io.hsrl.api.v1alpha1.HsrlApi;
import io.hsrl.api.v1alpha1.HsrlServing;
import io.hsrl.api.v1alpha1.HsrlServingStatus;
import io.hsrl.api.v1alpha1.ModelSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The controller on a real kube-apiserver (enabled by HSRL_TEST_KUBECONFIG; CI's .ci/run starts kapi): two replicas
 * with their own event logs route real HTTP traffic to two servings and collect conversion events; the Lease holder
 * writes the merged results through the status subresource, and status, conditions, the decision event and the
 * auto-promotion follow the data; the user's spec stays exactly as written.
 */
class AbExperimentRealApiTest {
    static final String KUBECONFIG = System.getenv("HSRL_TEST_KUBECONFIG");
    static final String NS = "hsrl-ab-test-" + Long.toHexString(System.nanoTime() & 0xffffff);
    static KubernetesClient client;
    static FakeServing control;
    static FakeServing treatment;

    @TempDir
    Path dir;

    @BeforeAll
    static void connect() throws Exception {
        Assumptions.assumeTrue(KUBECONFIG != null && !KUBECONFIG.isBlank(),
                "skipped: real-API tests need a kube-apiserver; run ../shared/tools/kapi/start.sh and set "
                        + "HSRL_TEST_KUBECONFIG=/tmp/kapi/run/kubeconfig (bash .ci/run does both)");
        client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(Path.of(KUBECONFIG)))).build();
        TestCrds.installAndAwait(client);
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
        control = new FakeServing("control");
        treatment = new FakeServing("treatment");
    }

    @AfterAll
    static void cleanUp() {
        if (client != null) {
            client.namespaces().withName(NS).delete();
            client.close();
        }
        if (control != null) {
            control.close();
            treatment.close();
        }
    }

    private static void serving(String name, String endpoint) {
        HsrlServing s = new HsrlServing();
        s.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
        s.getSpec().model = new ModelSource();
        s.getSpec().model.checkpointUri = "s3://hsrl/ab-test/" + name + "/latest.json"; // required by the schema
        s = client.resources(HsrlServing.class).inNamespace(NS).resource(s).create();
        s.setStatus(new HsrlServingStatus());
        s.getStatus().endpoint = endpoint;
        s.getStatus().setCondition(HsrlApi.READY, true, "Serving", "serving", s.getMetadata().getGeneration());
        client.resources(HsrlServing.class).inNamespace(NS).resource(s).updateStatus();
    }

    private static AbExperiment get() {
        return client.resources(AbExperiment.class).inNamespace(NS).withName("promo").get();
    }

    private static String condition(AbExperiment x, String type) {
        return x.getStatus() == null ? null : Conditions.find(x.getStatus().conditions, type)
                .map(c -> c.getStatus() + "/" + c.getReason()).orElse(null);
    }

    @Test
    void statusAndConditionsFollowTheTrafficOfBothReplicas() throws Exception {
        serving("ctl", control.endpoint());
        serving("trt", treatment.endpoint());
        client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("events")
                .addToLabels(AbExperimentReconciler.TOKEN_SECRET_LABEL, "true").endMetadata()
                .addToData("token", Base64.getEncoder().encodeToString("s3cret".getBytes(StandardCharsets.UTF_8)))
                .build()).create();
        AbExperiment x = new AbExperiment();
        x.setMetadata(new ObjectMetaBuilder().withName("promo").withNamespace(NS).build());
        x.getSpec().control = new ExperimentArm("ctl");
        x.getSpec().treatment = new ExperimentArm("trt");
        x.getSpec().minUsersPerArm = 100L;
        x.getSpec().autoPromote = true;
        x.getSpec().eventsTokenSecret = "events";
        x.getSpec().guardrails = List.of(new Guardrail(GuardrailMetric.COST, 50));
        client.resources(AbExperiment.class).inNamespace(NS).resource(x).create();
        String objects = dir.resolve("objects").toString();
        ExperimentKey key = new ExperimentKey(NS, "promo");

        try (ControllerReplica a = new ControllerReplica(client, "replica-a", dir.resolve("a"), objects, NS)) {
            await().atMost(Duration.ofSeconds(30)).until(a.leadership::isLeader);
            try (ControllerReplica b = new ControllerReplica(client, "replica-b", dir.resolve("b"), objects, NS)) {
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    AbExperiment now = get();
                    assertThat(condition(now, HsrlApi.READY)).isEqualTo("True/Routing");
                    assertThat(now.getStatus().decision).isEqualTo(Decision.Continue);
                    assertThat(now.getStatus().routing.treatmentEndpoint).isEqualTo(treatment.endpoint());
                    assertThat(b.registry.find(key)).isPresent();
                });
                assertThat(b.registry.find(key).orElseThrow().eventsToken()).as("token read from the Secret").isEqualTo("s3cret");

                // 400 users served over HTTP, alternately by the two replicas; the treatment converts 5x as often.
                int users = 400;
                long conversions = sendTraffic(List.of(a, b), key, users);
                await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                    AbExperiment now = get();
                    assertThat(now.getStatus().totalUsers).isEqualTo(users);
                    assertThat(now.getStatus().control.exposures + now.getStatus().treatment.exposures).isEqualTo(2L * users);
                    assertThat(now.getStatus().control.conversions + now.getStatus().treatment.conversions).isEqualTo(conversions);
                    assertThat(now.getStatus().decision).isEqualTo(Decision.PromoteTreatment);
                    assertThat(now.getStatus().routing.promoted).isTrue();
                });
                AbExperiment done = get();
                assertThat(done.getSpec().treatmentPercent).as("the spec is never rewritten").isEqualTo(50);
                assertThat(done.getSpec().minUsersPerArm).isEqualTo(100L);
                assertThat(done.getSpec().autoPromote).isTrue();
                assertThat(done.getSpec().guardrails).hasSize(1);
                assertThat(done.getMetadata().getGeneration()).as("nothing but the user wrote the spec").isEqualTo(1L);
                assertThat(done.getStatus().observedGeneration).isEqualTo(done.getMetadata().getGeneration());
                assertThat(condition(done, HsrlApi.SIGNIFICANT)).isEqualTo("True/PositiveLift");
                assertThat(condition(done, HsrlApi.GUARDRAILS_OK)).startsWith("True/");
                assertThat(condition(done, HsrlApi.CONCLUDED)).isEqualTo("True/PromoteTreatment");
                assertThat(done.getStatus().summary).matches("CVR \\+\\d+\\.\\d% \\[\\+.*], cost .*: promote");
                assertThat(b.statusWrites()).as("only the lease holder writes").isZero();
                assertThat(a.statusWrites()).isPositive();
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertThat(client.v1().events().inNamespace(NS).list().getItems()).anySatisfy(e -> {
                            assertThat(e.getReason()).isEqualTo("PromoteTreatment");
                            // the summary when the decision was taken (the status' summary stays live since)
                            assertThat(e.getMessage()).matches("CVR \\+\\d+\\.\\d% \\[\\+.*], cost .*: promote");
                        }));
                // The non-leader reads the promotion back from the status and routes everyone to the treatment.
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertThat(b.registry.find(key).orElseThrow().effectiveTreatmentPercent()).isEqualTo(100));
                String table = kubectl("get", "abx", "-n", NS);
                assertThat(table).containsPattern("promo\\s+True\\s+50\\s+-?\\d+(\\.\\d+)?\\s+-?\\d+(\\.\\d+)?\\s+PromoteTreatment");
            }
        }
    }

    /** Routes each user twice through one replica's router and sends conversions with the exposure ids; returns them. */
    private static long sendTraffic(List<ControllerReplica> replicas, ExperimentKey key, int users) throws Exception {
        ObjectMapper json = new ObjectMapper();
        SplittableRandom rng = new SplittableRandom(11);
        long conversions = 0;
        List<Router> routers = replicas.stream().map(r -> new Router(TestAbConfig.single(Path.of(".")), r.registry, r.store,
                new SimpleMeterRegistry())).toList();
        for (int u = 0; u < users; u++) {
            ControllerReplica r = replicas.get(u % replicas.size());
            Router router = routers.get(u % replicas.size());
            String user = "user-" + u;
            byte[] body = ("{\"userId\":\"" + user + "\",\"slateSize\":3}").getBytes(StandardCharsets.UTF_8);
            List<CompletableFuture<Router.Routed>> served = new ArrayList<>();
            for (int e = 0; e < 2; e++) {
                served.add(router.route(r.registry.find(key).orElseThrow(), user, body));
            }
            ObjectNode batch = json.createObjectNode();
            ArrayNode events = batch.putArray("events");
            for (int e = 0; e < served.size(); e++) {
                Router.Routed routed = served.get(e).get(10, TimeUnit.SECONDS);
                assertThat(routed.body().get("items")).as("a slate from the serving").isNotNull();
                String exposure = new ExposureId(key, routed.arm(), user).encode();
                double p = routed.arm() == Arm.TREATMENT ? 0.5 : 0.1;
                if (rng.nextDouble() < p) {
                    events.addObject().put("eventId", "conv-" + u + "-" + e).put("exposureId", exposure)
                            .put("type", "conversion").put("value", 1);
                    conversions++;
                }
                events.addObject().put("eventId", "cost-" + u + "-" + e).put("exposureId", exposure)
                        .put("type", "cost").put("value", 0.9 + 0.2 * rng.nextDouble());
            }
            EventBatchReader reader = new EventBatchReader(r.registry, r.store, "default", 10000);
            r.store.append(reader.read(batch).records()).get(10, TimeUnit.SECONDS);
        }
        return conversions;
    }

    private static String kubectl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("kubectl", "--kubeconfig", KUBECONFIG));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
