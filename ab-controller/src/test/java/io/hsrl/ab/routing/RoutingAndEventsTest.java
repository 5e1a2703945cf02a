package io.hsrl.ab.routing;

import io.hsrl.ab.events.EventStore;
import io.hsrl.ab.events.UserTotals;
import io.hsrl.ab.experiment.Arm;
import io.hsrl.ab.experiment.ArmAssignment;
import io.hsrl.ab.experiment.ExperimentKey;
import io.hsrl.ab.experiment.ExperimentRegistry;
import io.hsrl.ab.experiment.ExperimentRoute;
import io.hsrl.contracts.testing.HostileJson;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
@WithKubernetesTestServer(crud = true)
class RoutingAndEventsTest {
    static FakeServing control;
    static FakeServing treatment;

    @Inject
    ExperimentRegistry registry;
    @Inject
    EventStore store;

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

    private ExperimentKey register(String name, int percent, String token) {
        ExperimentKey key = new ExperimentKey("team", name);
        registry.put(new ExperimentRoute(key, "salt-" + name, percent, control.endpoint(), treatment.endpoint(), token));
        return key;
    }

    private static ValidatableResponse recommend(String experiment, String user) {
        return given().contentType("application/json")
                .body("{\"userId\":\"" + user + "\",\"history\":[4,5],\"slateSize\":3,\"exclude\":[],\"experiment\":\"" + experiment + "\"}")
                .post("/v1/recommend").then();
    }

    @Test
    void routesStickilyWithTheConfiguredSplit() {
        register("split", 30, null);
        int n = 200;
        int treated = 0;
        for (int u = 0; u < n; u++) {
            String user = "user-" + u;
            String arm = recommend("team/split", user).statusCode(200)
                    .body("items.size()", equalTo(3)).body("sawExperiment", equalTo(false))
                    .body("exposureId", notNullValue()).extract().path("arm");
            var again = given().contentType("application/json")
                    .body("{\"userId\":\"" + user + "\",\"experiment\":\"team/split\"}").post("/v1/recommend")
                    .then().statusCode(200).extract();
            assertThat(again.<String>path("arm")).isEqualTo(arm); // sticky: the second call lands in the same arm
            if (again.path("fallback") == null) {
                assertThat(again.<String>path("servedBy")).isEqualTo(arm);
            }
            assertThat(Arm.valueOf(arm.toUpperCase())).isEqualTo(ArmAssignment.assign("salt-split", user, 30));
            treated += arm.equals("treatment") ? 1 : 0;
        }
        // 30% ± 3 sd (sd = sqrt(0.3·0.7/200) ≈ 3.2%); the split's accuracy at scale is ArmAssignmentTest's.
        assertThat(treated / (double) n).isBetween(0.20, 0.40);
        // Each response counted as one exposure in its arm, two per user.
        await().untilAsserted(() -> {
            long exposures = store.aggregate("team/split", Arm.CONTROL).exposures()
                    + store.aggregate("team/split", Arm.TREATMENT).exposures();
            assertThat(exposures).isEqualTo(2L * n);
        });
        assertThat(store.aggregate("team/split", Arm.TREATMENT).users()).isEqualTo(treated);
    }

    @Test
    void readyWithAHealthyEventLogAndMetricsExported() {
        given().get("/q/health/ready").then().statusCode(200).body("checks.find { it.name == 'event-log' }.status", equalTo("UP"));
        register("metrics", 50, null);
        recommend("team/metrics", "m1").statusCode(200);
        given().get("/q/metrics").then().statusCode(200).body(containsString("hsrl_ab_recommend_total"))
                .body(containsString("hsrl_ab_fsync_seconds"));
    }

    @Test
    void badRecommendRequestsAreNamed() {
        given().contentType("application/json").body("{\"history\":[]}").post("/v1/recommend").then()
                .statusCode(400).body("error", containsString("userId"));
        given().contentType("application/json").body("{\"userId\":\"u\"}").post("/v1/recommend").then()
                .statusCode(400).body("error", containsString("experiment"));
        recommend("team/nope", "u").statusCode(404).body("error", containsString("team/nope"));
    }

    @Test
    void theCovariateTravelsWithTheExposureAndBadOnesAreNamed() {
        register("history", 50, null);
        String body = "{\"userId\":\"bob\",\"history\":[1],\"experiment\":\"team/history\",\"covariate\":%s}";
        for (String bad : new String[] {"7", "{\"exposures\":-1,\"conversions\":0}", "{\"exposures\":1e308,\"conversions\":0}",
                "{\"exposures\":10}", "{\"exposures\":10,\"conversions\":2000000000}"}) {
            given().contentType("application/json").body(String.format(body, bad)).post("/v1/recommend").then()
                    .statusCode(400).body("error", containsString("covariate"));
        }
        // The serving never sees the covariate; the store keeps it beside the user's counts (the latest sent).
        String arm = given().contentType("application/json")
                .body(String.format(body, "{\"exposures\":40,\"conversions\":3}")).post("/v1/recommend").then()
                .statusCode(200).body("sawCovariate", equalTo(false)).extract().path("arm");
        given().contentType("application/json").body(String.format(body, "{\"exposures\":41,\"conversions\":3}"))
                .post("/v1/recommend").then().statusCode(200);
        Arm a = Arm.valueOf(arm.toUpperCase());
        await().untilAsserted(() -> assertThat(store.users("team/history", a))
                .containsEntry("bob", new UserTotals(2, 0, 0, 0, 41L, 3L)));
    }

    @Test
    void fallsBackToControlWhenTheTreatmentFails() {
        ExperimentKey key = register("fallback", 100, null);
        try {
            treatment.mode(FakeServing.Mode.FAIL);
            recommend("team/fallback", "u1").statusCode(200).body("arm", equalTo("treatment"))
                    .body("servedBy", equalTo("control")).body("fallback", equalTo(true));
            treatment.mode(FakeServing.Mode.SLOW); // past the 2 s timeout
            recommend("team/fallback", "u2").statusCode(200).body("servedBy", equalTo("control"))
                    .body("fallback", equalTo(true));
            assertThat(registry.fallbacks(key)).isEqualTo(2);
            treatment.mode(FakeServing.Mode.OK);
            recommend("team/fallback", "u3").statusCode(200).body("servedBy", equalTo("treatment"));
            assertThat(registry.fallbacks(key)).isEqualTo(2);
            // Control down too: an error, not a loop.
            registry.put(new ExperimentRoute(key, "salt-fallback", 100, "http://127.0.0.1:1", "http://127.0.0.1:1", null));
            recommend("team/fallback", "u4").statusCode(502);
            assertThat(registry.fallbacks(key)).isEqualTo(3);
        } finally {
            treatment.mode(FakeServing.Mode.OK);
        }
    }

    private static ValidatableResponse events(String token, String body) {
        var req = given().contentType("application/json").body(body);
        if (token != null) {
            req = req.header("Authorization", "Bearer " + token);
        }
        return req.post("/v1/events").then();
    }

    /**
     * Seeded fuzzing of both endpoints with hostile variations of valid bodies (see {@link HostileJson}): no answer
     * is a 5xx, every refusal of a JSON request carries the JSON error body, and the controller still routes and
     * counts afterwards.
     */
    @Test
    void fuzzedRequestsNeverGetA5xx() {
        register("fuzz", 50, null);
        Random random = new Random(20261207L);
        String[] recommendBodies = {
            "{\"userId\":\"f1\",\"history\":[4,5],\"slateSize\":3,\"exclude\":[],\"experiment\":\"team/fuzz\"}",
            "{\"userId\":\"f2\",\"experiment\":\"team/fuzz\",\"covariate\":{\"exposures\":4,\"conversions\":1}}"};
        String[] eventBodies = {
            "{\"events\":[{\"eventId\":\"fz1\",\"experiment\":\"team/fuzz\",\"userId\":\"f1\",\"type\":\"click\"}]}",
            "{\"events\":[{\"eventId\":\"fz2\",\"experiment\":\"team/fuzz\",\"userId\":\"f1\",\"type\":\"cost\",\"value\":0.5}]}"};
        Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        for (int i = 0; i < 300; i++) {
            boolean toEvents = random.nextBoolean();
            String[] templates = toEvents ? eventBodies : recommendBodies;
            String body = HostileJson.mutate(random, templates[random.nextInt(templates.length)]);
            boolean json = random.nextInt(10) > 0;
            var request = given().contentType(json ? "application/json" : HostileJson.contentType(random))
                    .body(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (toEvents) {
                request = request.header("Authorization", "Bearer test-token");
            }
            var response = request.post(toEvents ? "/v1/events" : "/v1/recommend").then().extract();
            statuses.merge(response.statusCode(), 1, Integer::sum);
            assertThat(response.statusCode()).as("status for %s", body).isLessThan(500);
            if (json && response.statusCode() >= 400) {
                assertThat(response.contentType()).as("content type for %s", body).startsWith("application/json");
                assertThat(response.jsonPath().getString("error")).as("error for %s", body).isNotBlank();
            }
        }
        assertThat(statuses).as("the fuzzer reaches both answers").containsKeys(200, 400);
        recommend("team/fuzz", "after-fuzz").statusCode(200);
        events("test-token", eventBodies[0].replace("fz1", "fz-after")).statusCode(200).body("accepted", equalTo(1));
    }

    @Test
    void eventsNeedABearerToken() {
        register("auth", 50, "experiment-token");
        String body = "{\"events\":[{\"eventId\":\"a1\",\"experiment\":\"team/auth\",\"userId\":\"u\",\"type\":\"click\"}]}";
        events(null, body).statusCode(401);
        events("wrong", body).statusCode(401);
        // Invalid batches with a wrong token are 401, not 400: nothing is revealed.
        events("wrong", "{\"events\":[{}]}").statusCode(401);
        events("test-token", body).statusCode(200).body("accepted", equalTo(1));
        // The experiment's own token (from its Secret) is good for its events only.
        events("experiment-token", body.replace("a1", "a2")).statusCode(200);
        register("other", 50, null);
        events("experiment-token", body.replace("a1", "a3").replace("team/auth", "team/other")).statusCode(401);
    }

    @Test
    void invalidEventsAreNamedByIndexAndField() {
        register("valid", 50, null);
        String ok = "{\"eventId\":\"v0\",\"experiment\":\"team/valid\",\"userId\":\"u\",\"type\":\"click\"}";
        Map<String, String> cases = new HashMap<>();
        cases.put("{\"eventId\":\"v1\",\"experiment\":\"team/valid\",\"userId\":\"u\",\"type\":\"view\"}", "events[1].type");
        cases.put("{\"experiment\":\"team/valid\",\"userId\":\"u\",\"type\":\"click\"}", "events[1].eventId");
        cases.put("{\"eventId\":\"v1\",\"experiment\":\"team/valid\",\"type\":\"click\"}", "events[1].userId");
        cases.put("{\"eventId\":\"v1\",\"userId\":\"u\",\"type\":\"click\"}", "events[1].experiment");
        cases.put("{\"eventId\":\"v1\",\"experiment\":\"team/valid\",\"userId\":\"u\",\"type\":\"cost\"}", "events[1].value");
        cases.put("{\"eventId\":\"v1\",\"experiment\":\"team/valid\",\"userId\":\"u\",\"type\":\"cost\",\"value\":-1}", "events[1].value");
        cases.put("{\"eventId\":\"v1\",\"experiment\":\"team/valid\",\"userId\":\"u\",\"type\":\"conversion\",\"value\":1.5}", "events[1].value");
        // Absurd amounts: 1e308 would make the arm's cost sum overflow to infinity; 1e400 parses as infinity.
        for (String absurd : new String[] {"1e308", "1e400", "-1e400", "1000000.5", "\"3\""}) {
            cases.put("{\"eventId\":\"v1\",\"experiment\":\"team/valid\",\"userId\":\"u\",\"type\":\"cost\",\"value\":"
                    + absurd + "}", "events[1].value");
        }
        cases.put("{\"eventId\":\"v1\",\"experiment\":\"team/valid\",\"userId\":\"u\",\"type\":\"click\",\"value\":1e308}", "events[1].value");
        cases.put("{\"eventId\":\"v1\",\"exposureId\":\"garbage\",\"type\":\"click\"}", "events[1].exposureId");
        cases.put("{\"eventId\":\"v1\",\"experiment\":\"team/missing\",\"userId\":\"u\",\"type\":\"click\"}", "events[1].experiment");
        cases.forEach((bad, field) -> events("test-token", "{\"events\":[" + ok + "," + bad + "]}").statusCode(400)
                .body("field", equalTo(field)).body("error", containsString(field)));
        assertThat(cases).hasSize(15);
        events("test-token", "{\"events\":[]}").statusCode(400).body("field", equalTo("events"));
        events("test-token", "not json").statusCode(400).body("field", equalTo("body"));
        // A rejected batch stores nothing, not even its valid events.
        assertThat(store.isApplied("v0")).isFalse();
    }

    @Test
    void eventsCountOnceAndFollowTheExposure() {
        register("count", 50, null);
        String exposureId = recommend("team/count", "alice").statusCode(200).extract().path("exposureId");
        String arm = recommend("team/count", "alice").statusCode(200).extract().path("arm");
        String batch = "{\"events\":["
                + "{\"eventId\":\"c1\",\"exposureId\":\"" + exposureId + "\",\"type\":\"click\"},"
                + "{\"eventId\":\"c2\",\"exposureId\":\"" + exposureId + "\",\"type\":\"conversion\"},"
                + "{\"eventId\":\"c3\",\"experiment\":\"team/count\",\"userId\":\"alice\",\"type\":\"cost\",\"value\":2.5},"
                + "{\"eventId\":\"c3\",\"experiment\":\"team/count\",\"userId\":\"alice\",\"type\":\"cost\",\"value\":2.5}]}";
        events("test-token", batch).statusCode(200);
        events("test-token", batch).statusCode(200); // a client retry
        Arm a = Arm.valueOf(arm.toUpperCase());
        await().untilAsserted(() -> assertThat(store.users("team/count", a)).containsEntry("alice", new UserTotals(2, 1, 1, 2.5)));
    }
}
