package io.hsrl.ab.experiment;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hsrl.ab.events.EventStore;
import io.hsrl.ab.events.EventType;
import io.hsrl.ab.events.LogRecord;
import io.hsrl.ab.routing.FakeServing;
import io.hsrl.api.v1alpha1.AbExperiment;
import io.hsrl.api.v1alpha1.Conditions;
import io.hsrl.api.v1alpha1.Decision;
import io.hsrl.api.v1alpha1.ExperimentArm;
import io.hsrl.api.v1alpha1.Guardrail;
import io.hsrl.api.v1alpha1.GuardrailMetric;
import io.hsrl.api.v1alpha1.HsrlApi;
import io.hsrl.api.v1alpha1.HsrlServing;
import io.hsrl.api.v1alpha1.HsrlServingStatus;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** The reconciler against the Fabric8 mock API server: status and conditions follow the data. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class AbExperimentReconcilerTest {
    static final String NS = "abx-test";
    static FakeServing control;
    static FakeServing treatment;

    @Inject
    KubernetesClient client;
    @Inject
    EventStore store;
    @Inject
    ExperimentRegistry registry;

    @BeforeAll
    static void servers() throws Exception {
        control = new FakeServing("control");
        treatment = new FakeServing("treatment");
    }

    @AfterAll
    static void stop() {
        control.close();
        treatment.close();
    }

    private void serving(String name, String endpoint) {
        HsrlServing s = new HsrlServing();
        s.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
        s = client.resources(HsrlServing.class).inNamespace(NS).resource(s).create();
        if (endpoint != null) {
            s.setStatus(new HsrlServingStatus());
            s.getStatus().endpoint = endpoint;
            client.resources(HsrlServing.class).inNamespace(NS).resource(s).updateStatus();
        }
    }

    private AbExperiment experiment(String name, String controlServing, String treatmentServing) {
        AbExperiment x = new AbExperiment();
        x.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
        x.getSpec().control = new ExperimentArm(controlServing);
        x.getSpec().treatment = new ExperimentArm(treatmentServing);
        x.getSpec().minUsersPerArm = 100L;
        return x;
    }

    private AbExperiment get(String name) {
        return client.resources(AbExperiment.class).inNamespace(NS).withName(name).get();
    }

    private static String condition(AbExperiment x, String type) {
        return x.getStatus() == null ? null
                : Conditions.find(x.getStatus().conditions, type).map(c -> c.getStatus() + "/" + c.getReason()).orElse(null);
    }

    @Test
    void promotesThroughItsOwnRoutingStateAndRecordsTheDecision() {
        serving("ctl", control.endpoint());
        serving("trt", treatment.endpoint());
        AbExperiment x = experiment("promo", "ctl", "trt");
        x.getSpec().autoPromote = true;
        x.getSpec().guardrails = List.of(new Guardrail(GuardrailMetric.COST, 50));
        client.resources(AbExperiment.class).inNamespace(NS).resource(x).create();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            AbExperiment now = get("promo");
            assertThat(condition(now, HsrlApi.READY)).isEqualTo("True/Routing");
            assertThat(now.getStatus().routing.treatmentEndpoint).isEqualTo(treatment.endpoint());
            assertThat(now.getStatus().decision).isEqualTo(Decision.Continue);
            assertThat(now.getStatus().observedGeneration).isEqualTo(now.getMetadata().getGeneration());
        });

        // 600 users: the treatment converts 5x as often, at the same cost per exposure.
        ExperimentRoute route = registry.find(new ExperimentKey(NS, "promo")).orElseThrow();
        SplittableRandom rng = new SplittableRandom(5);
        List<LogRecord> records = new ArrayList<>();
        for (int u = 0; u < 600; u++) {
            String user = "user-" + u;
            Arm arm = route.assign(user);
            double p = arm == Arm.TREATMENT ? 0.5 : 0.1;
            for (int e = 0; e < 2; e++) {
                records.add(new LogRecord(EventType.EXPOSURE, null, "abx-test/promo", arm, user, 1));
                if (rng.nextDouble() < p) {
                    records.add(new LogRecord(EventType.CONVERSION, "conv-" + u + "-" + e, "abx-test/promo", arm, user, 1));
                }
                records.add(new LogRecord(EventType.COST, "cost-" + u + "-" + e, "abx-test/promo", arm, user,
                        0.9 + 0.2 * rng.nextDouble()));
            }
        }
        store.append(records).join();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            AbExperiment now = get("promo");
            assertThat(now.getStatus().decision).isEqualTo(Decision.PromoteTreatment);
            assertThat(now.getStatus().routing.promoted).isTrue();
            assertThat(now.getStatus().routing.effectiveTreatmentPercent).isEqualTo(100);
        });
        AbExperiment done = get("promo");
        assertThat(done.getSpec().treatmentPercent).isEqualTo(50); // GitOps' spec untouched
        assertThat(done.getStatus().totalUsers).isEqualTo(600);
        assertThat(done.getStatus().control.exposures + done.getStatus().treatment.exposures).isEqualTo(1200);
        assertThat(done.getStatus().results.cvrLiftPercent).isGreaterThan(100);
        assertThat(done.getStatus().results.method).isEqualTo("sequential");
        assertThat(done.getStatus().summary).matches("CVR \\+\\d+\\.\\d% \\[\\+.*], cost .*: promote");
        assertThat(condition(done, HsrlApi.SIGNIFICANT)).isEqualTo("True/PositiveLift");
        assertThat(condition(done, HsrlApi.GUARDRAILS_OK)).isEqualTo("True/Hold");
        assertThat(condition(done, HsrlApi.SAMPLE_RATIO_OK)).startsWith("True/");
        assertThat(condition(done, HsrlApi.CONCLUDED)).isEqualTo("True/PromoteTreatment");
        await().untilAsserted(() -> assertThat(client.v1().events().inNamespace(NS).list().getItems())
                .anySatisfy(e -> {
                    assertThat(e.getReason()).isEqualTo("PromoteTreatment");
                    assertThat(e.getInvolvedObject().getName()).isEqualTo("promo");
                    assertThat(e.getMessage()).isEqualTo(done.getStatus().summary);
                }));
        // Every user now gets the treatment, including those assigned to control before.
        String controlUser = "user-0";
        for (int u = 0; route.assign(controlUser) != Arm.CONTROL; u++) {
            controlUser = "user-" + u;
        }
        given().contentType("application/json").body("{\"userId\":\"" + controlUser + "\",\"experiment\":\"abx-test/promo\"}")
                .post("/v1/recommend").then().statusCode(200).body("arm", equalTo("treatment"));
    }

    @Test
    void reportsMissingServingsAndInvalidSpecs() {
        serving("ctl-only", control.endpoint());
        client.resources(AbExperiment.class).inNamespace(NS).resource(experiment("waiting", "ctl-only", "absent")).create();
        AbExperiment bad = experiment("bad", "ctl-only", "absent");
        bad.getSpec().maxDuration = "a week";
        client.resources(AbExperiment.class).inNamespace(NS).resource(bad).create();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            AbExperiment w = get("waiting");
            assertThat(condition(w, HsrlApi.READY)).isEqualTo("False/ServingNotReady");
            assertThat(Conditions.find(w.getStatus().conditions, HsrlApi.READY).orElseThrow().getMessage()).contains("absent");
            assertThat(w.getStatus().decision).isEqualTo(Decision.Continue);
            assertThat(w.getStatus().summary).contains("continue (0 of 100 users per arm)");
            AbExperiment b = get("bad");
            assertThat(condition(b, HsrlApi.READY)).isEqualTo("False/InvalidSpec");
            assertThat(Conditions.find(b.getStatus().conditions, HsrlApi.READY).orElseThrow().getMessage())
                    .contains("spec.maxDuration");
        });
        assertThat(registry.find(new ExperimentKey(NS, "bad"))).isEmpty();
    }
}
