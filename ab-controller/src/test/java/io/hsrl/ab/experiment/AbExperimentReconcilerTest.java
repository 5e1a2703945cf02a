package io.hsrl.ab.experiment;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hsrl.ab.events.EventStore;
import io.hsrl.ab.events.EventType;
import io.hsrl.ab.events.LogRecord;
import io.hsrl.ab.routing.FakeServing;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.hsrl.api.v1alpha1.AbExperiment;
import io.hsrl.api.v1alpha1.AbExperimentStatus;
import io.hsrl.api.v1alpha1.ArmStatus;
import io.hsrl.api.v1alpha1.ExperimentResults;
import io.hsrl.api.v1alpha1.MetricResult;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
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
import java.util.Base64;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.assertj.core.api.Assertions.within;

/** The reconciler against the Fabric8 mock API server: status and conditions follow the data. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class AbExperimentReconcilerTest {
    static final String NS = "abx-test";
    static FakeServing control;
    static FakeServing treatment;

    @KubernetesTestServer
    KubernetesServer mockServer;
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
            servingStatus(name, endpoint, true);
        }
    }

    /** The serving's status as the operator writes it: its endpoint and its Ready condition. */
    private void servingStatus(String name, String endpoint, boolean ready) {
        HsrlServing s = client.resources(HsrlServing.class).inNamespace(NS).withName(name).get();
        s.setStatus(new HsrlServingStatus());
        s.getStatus().endpoint = endpoint;
        s.getStatus().setCondition(HsrlApi.READY, ready, ready ? "Serving" : "ModelNotLoaded",
                ready ? "serving" : "the pods are not ready", s.getMetadata().getGeneration());
        client.resources(HsrlServing.class).inNamespace(NS).resource(s).updateStatus();
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
            assertThat(Conditions.find(w.getStatus().conditions, HsrlApi.READY).orElseThrow().getMessage())
                    .isEqualTo("HsrlServing absent not found");
            assertThat(w.getStatus().decision).isEqualTo(Decision.Continue);
            assertThat(w.getStatus().summary).contains("continue (0 of 100 users per arm)");
            AbExperiment b = get("bad");
            assertThat(condition(b, HsrlApi.READY)).isEqualTo("False/InvalidSpec");
            assertThat(Conditions.find(b.getStatus().conditions, HsrlApi.READY).orElseThrow().getMessage())
                    .contains("spec.maxDuration");
        });
        assertThat(registry.find(new ExperimentKey(NS, "bad"))).isEmpty();
    }

    @Test
    void notReadyWhileAnArmsServingIsNotReadyAndServingsAreWatchedNotFetched() throws Exception {
        serving("ctl-r", control.endpoint());
        serving("trt-r", treatment.endpoint());
        servingStatus("trt-r", treatment.endpoint(), false);
        client.resources(AbExperiment.class).inNamespace(NS).resource(experiment("readiness", "ctl-r", "trt-r")).create();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            AbExperiment x = get("readiness");
            assertThat(condition(x, HsrlApi.READY)).isEqualTo("False/ServingNotReady");
            assertThat(Conditions.find(x.getStatus().conditions, HsrlApi.READY).orElseThrow().getMessage())
                    .isEqualTo("HsrlServing trt-r is not Ready (ModelNotLoaded: the pods are not ready)");
        });
        // Routing continues meanwhile (the router falls back to control when the treatment fails).
        assertThat(registry.find(new ExperimentKey(NS, "readiness")).orElseThrow().treatmentEndpoint())
                .isEqualTo(treatment.endpoint());
        servingStatus("trt-r", treatment.endpoint(), true);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(condition(get("readiness"), HsrlApi.READY)).isEqualTo("True/Routing"));
        servingStatus("ctl-r", control.endpoint(), false);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(condition(get("readiness"), HsrlApi.READY)).isEqualTo("False/ServingNotReady"));

        // The reconciler reads servings and Secrets from informers: over three seconds of passes (one a second, each
        // writing status), the API server saw no GET of a single serving or Secret.
        drainRequests();
        Thread.sleep(3000);
        List<String> requests = drainRequests();
        assertThat(requests).anyMatch(r -> r.startsWith("PATCH /apis/hsrl.io/v1alpha1/namespaces/abx-test/abexperiments/readiness/status"));
        assertThat(requests).noneMatch(r -> r.matches("GET /apis/hsrl.io/v1alpha1/namespaces/[^/]+/hsrlservings/[^/?]+"));
        assertThat(requests).noneMatch(r -> r.matches("GET /api/v1/namespaces/[^/]+/secrets/[^/?]+"));
    }

    private List<String> drainRequests() throws InterruptedException {
        List<String> requests = new ArrayList<>();
        for (RecordedRequest r; (r = mockServer.getKubernetesMockServer().takeRequest(100, TimeUnit.MILLISECONDS)) != null; ) {
            requests.add(r.getMethod() + " " + r.getPath());
        }
        return requests;
    }

    @Test
    void theTokenSecretIsWatchedByItsLabel() {
        serving("ctl-s", control.endpoint());
        serving("trt-s", treatment.endpoint());
        AbExperiment x = experiment("tokened", "ctl-s", "trt-s");
        x.getSpec().eventsTokenSecret = "tokened-events";
        client.resources(AbExperiment.class).inNamespace(NS).resource(x).create();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            AbExperiment now = get("tokened");
            assertThat(condition(now, HsrlApi.READY)).isEqualTo("False/SecretMissing");
            assertThat(Conditions.find(now.getStatus().conditions, HsrlApi.READY).orElseThrow().getMessage())
                    .contains("spec.eventsTokenSecret").contains(AbExperimentReconciler.TOKEN_SECRET_LABEL);
        });
        client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("tokened-events")
                .addToLabels(AbExperimentReconciler.TOKEN_SECRET_LABEL, "true").endMetadata()
                .addToData("token", Base64.getEncoder().encodeToString("t0ken".getBytes(StandardCharsets.UTF_8)))
                .build()).create();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(condition(get("tokened"), HsrlApi.READY)).isEqualTo("True/Routing");
            assertThat(registry.find(new ExperimentKey(NS, "tokened")).orElseThrow().eventsToken()).isEqualTo("t0ken");
        });
        for (String secret : client.secrets().inNamespace(NS).list().getItems().stream()
                .map(sec -> sec.getMetadata().getName()).toList()) {
            assertThat(secret).isEqualTo("tokened-events");
        }
    }

    @Test
    void theStatusAgreesWithTheCountsBesideIt() {
        serving("ctl-a", control.endpoint());
        serving("trt-a", treatment.endpoint());
        AbExperiment x = experiment("agree", "ctl-a", "trt-a");
        x.getSpec().guardrails = List.of(new Guardrail(GuardrailMetric.COST, 50));
        client.resources(AbExperiment.class).inNamespace(NS).resource(x).create();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(condition(get("agree"), HsrlApi.READY)).isEqualTo("True/Routing"));

        // A cost of 1e308 is refused, naming the field; nothing of its batch is stored.
        given().header("Authorization", "Bearer test-token").contentType("application/json")
                .body("{\"events\":[{\"eventId\":\"huge\",\"experiment\":\"abx-test/agree\",\"userId\":\"user-1\","
                        + "\"type\":\"cost\",\"value\":1e308}]}")
                .post("/v1/events").then().statusCode(400).body("field", equalTo("events[0].value"));

        // 800 users with clicks, conversions, cost and (for most) a history; the treatment converts more.
        ExperimentRoute route = registry.find(new ExperimentKey(NS, "agree")).orElseThrow();
        SplittableRandom rng = new SplittableRandom(8);
        List<LogRecord> records = new ArrayList<>();
        for (int u = 0; u < 800; u++) {
            String user = "user-" + u;
            Arm arm = route.assign(user);
            double p = (arm == Arm.TREATMENT ? 0.3 : 0.1) * 2 * rng.nextDouble();
            for (int e = 0; e < 1 + rng.nextInt(4); e++) {
                records.add(new LogRecord(EventType.EXPOSURE, null, "abx-test/agree", arm, user, 1));
                if (rng.nextDouble() < 2 * p) {
                    records.add(new LogRecord(EventType.CLICK, "clk-" + u + "-" + e, "abx-test/agree", arm, user, 1));
                    if (rng.nextDouble() < 0.5) {
                        records.add(new LogRecord(EventType.CONVERSION, "cnv-" + u + "-" + e, "abx-test/agree", arm, user, 1));
                    }
                    records.add(new LogRecord(EventType.COST, "cst-" + u + "-" + e, "abx-test/agree", arm, user,
                            0.5 + rng.nextDouble()));
                }
            }
            if (u % 5 != 0) {
                int pre = 5 + rng.nextInt(30);
                records.add(new LogRecord(EventType.PRE_EXPOSURES, null, "abx-test/agree", arm, user, pre));
                records.add(new LogRecord(EventType.PRE_CONVERSIONS, null, "abx-test/agree", arm, user,
                        Math.round(pre * p)));
            }
        }
        store.append(records).join();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            AbExperiment now = get("agree");
            assertThat(now.getStatus().totalUsers).isEqualTo(800);
            assertAgrees(now.getStatus());
        });
        // Still after more data arrives for a concluded experiment: the numbers are this pass's, all together.
        Arm first = route.assign("late-user");
        store.append(List.of(new LogRecord(EventType.EXPOSURE, null, "abx-test/agree", first, "late-user", 1),
                new LogRecord(EventType.CONVERSION, "late-conv", "abx-test/agree", first, "late-user", 1))).join();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            AbExperiment now = get("agree");
            assertThat(now.getStatus().totalUsers).isEqualTo(801);
            assertAgrees(now.getStatus());
        });
    }

    /** Rates are the ratios of the counts shown; every change and the summary come from them. */
    private static void assertAgrees(AbExperimentStatus s) {
        for (ArmStatus a : List.of(s.control, s.treatment)) {
            assertThat(a.cost).isNotNull().isPositive();
            assertThat(a.covariateUsers).isPositive().isLessThan(a.users);
            assertThat(a.cvr).isCloseTo((double) a.conversions / a.exposures, within(5e-4 * a.cvr));
            assertThat(a.ctr).isCloseTo((double) a.clicks / a.exposures, within(5e-4 * a.ctr));
            assertThat(a.postClickCvr).isCloseTo((double) a.conversions / a.clicks, within(5e-4 * a.postClickCvr));
            assertThat(a.costPerExposure).isCloseTo(a.cost / a.exposures, within(5e-4 * a.costPerExposure));
            assertThat(a.costPerConversion).isCloseTo(a.cost / a.conversions, within(5e-4 * a.costPerConversion));
            assertThat(a.costPerUser).isCloseTo(a.cost / a.users, within(5e-4 * a.costPerUser));
        }
        ExperimentResults r = s.results;
        assertThat(r.metrics).extracting(m -> m.metric)
                .containsExactly("ctr", "postClickCvr", "cvr", "costPerExposure", "cpa", "costPerUser");
        for (MetricResult m : r.metrics) {
            double raw = 100 * (m.treatment / m.control - 1);
            assertThat(m.unadjustedDeltaPercent).as(m.metric).isCloseTo(raw, within(0.1 + 1e-3 * Math.abs(raw)));
            assertThat(m.varianceReductionPercent).as(m.metric).isNotNull();
            assertThat(m.low).as(m.metric).isLessThanOrEqualTo(m.deltaPercent);
            assertThat(m.high).as(m.metric).isGreaterThanOrEqualTo(m.deltaPercent);
        }
        MetricResult cvr = r.metrics.get(2);
        MetricResult cost = r.metrics.get(3);
        assertThat(s.control.cvr).isEqualTo(cvr.control);
        assertThat(s.treatment.costPerExposure).isEqualTo(cost.treatment);
        assertThat(r.cvrLiftPercent).isEqualTo(cvr.deltaPercent);
        assertThat(r.cvrLiftLow).isEqualTo(cvr.low);
        assertThat(r.costDeltaHigh).isEqualTo(cost.high);
        assertThat(r.pValue).isEqualTo(cvr.pValue);
        assertThat(r.varianceReductionPercent).isEqualTo(cvr.varianceReductionPercent);
        assertThat(s.summary).startsWith("CVR " + signed(cvr.deltaPercent) + "% [" + signed(cvr.low) + ", "
                + signed(cvr.high) + "] (CUPED, variance " + signed(-cvr.varianceReductionPercent) + "%), cost "
                + signed(cost.deltaPercent) + "% [" + signed(cost.low) + ", " + signed(cost.high) + "]: ");
        boolean significant = cvr.pValue <= 0.05;
        assertThat(significant).isEqualTo(cvr.low > 0 || cvr.high < 0);
        if (s.decision == Decision.PromoteTreatment) {
            assertThat(s.summary).endsWith(": promote");
        }
        assertThat(r.power).isBetween(0.0, 1.0);
        assertThat(r.usersNeededPerArm).isPositive();
        assertThat(r.usersStillNeededPerArm).isEqualTo(
                Math.max(0, r.usersNeededPerArm - Math.min(s.control.users, s.treatment.users)));
    }

    private static String signed(double v) {
        String t = String.format(java.util.Locale.ROOT, "%+.1f", v);
        return (t.equals("-0.0") ? "+0.0" : t).replace('-', '\u2212');
    }
}
