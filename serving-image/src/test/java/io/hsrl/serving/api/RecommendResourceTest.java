package io.hsrl.serving.api;

import io.hsrl.contracts.PolicyMode;
import io.hsrl.contracts.testing.HostileJson;
import io.hsrl.serving.model.ModelLoader;
import io.hsrl.serving.testing.S3ModelResource;
import io.hsrl.serving.testing.TestModels;
import io.hsrl.store.ObjectStores;
import io.hsrl.store.S3Settings;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The server with a real (initialised, seeded) HSRL model in a real S3 server: slates equal the agent's own greedy
 * beam decoding, SIDs valid, exclusion, unknown ids, determinism under concurrent batching, 400/413, metrics.
 */
@QuarkusTest
@WithTestResource(value = S3ModelResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class RecommendResourceTest {
    @ConfigProperty(name = "hsrl.serving.store.endpoint")
    String endpoint;

    private static TestModels.Published model;

    @BeforeEach
    void ready() throws Exception {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> given().get("/q/health/ready").statusCode() == 200);
        if (model == null) {
            // The same seeded model, published to a local folder, gives the agent to check answers against.
            Path dir = Files.createTempDirectory("hsrl-expected");
            try (ObjectStores local = ObjectStores.from(Map.of())) {
                model = TestModels.publish(local, dir.toString(), S3ModelResource.ITEMS, PolicyMode.HSRL,
                        S3ModelResource.SEED);
            }
        }
    }

    private static JsonPath recommend(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/v1/recommend")
                .then().statusCode(200).extract().jsonPath();
    }

    private static List<Long> items(JsonPath p) {
        return p.getList("items", Long.class);
    }

    private static List<Long> list(long[] a) {
        return Arrays.stream(a).boxed().toList();
    }

    private static String ids(long... a) {
        return Arrays.stream(a).mapToObj(String::valueOf).collect(Collectors.joining(","));
    }

    @Test
    void describesTheLoadedManifestByItsDigest() throws Exception {
        String manifestUri;
        String sha;
        try (ObjectStores s3 = ObjectStores.of(new S3Settings(endpoint, "hsrl-test", "hsrl-test-secret-key", null))) {
            String named = s3.readJson(S3ModelResource.MODEL_URI, io.hsrl.artifact.LatestCheckpoint.class).manifest();
            assertThat(named).as("latest.json names its manifest relative to its folder").doesNotStartWith("s3:");
            manifestUri = io.hsrl.store.ObjectUri.resolve(io.hsrl.store.ObjectUri.parent(S3ModelResource.MODEL_URI),
                    named);
            sha = ModelLoader.sha256(s3.read(manifestUri));
        }
        given().get("/v1/model").then().statusCode(200)
                .body("uri", equalTo(manifestUri))
                .body("requestedUri", equalTo(S3ModelResource.MODEL_URI))
                .body("sha256", equalTo(sha))
                .body("algorithm", equalTo("hsrl"))
                .body("mode", equalTo("hsrl"))
                .body("items", equalTo(S3ModelResource.ITEMS))
                .body("sidLength", equalTo(model.itemMap().length()))
                .body("indexUri", equalTo(S3ModelResource.PREFIX + "/index"));
        JsonPath p = recommend("{\"userId\":\"u1\",\"history\":[2],\"slateSize\":3}");
        assertThat(p.getString("model.uri")).isEqualTo(manifestUri);
        assertThat(p.getString("model.sha256")).isEqualTo(sha);
        assertThat(p.getString("model.mode")).isEqualTo("hsrl");
    }

    @Test
    void slateIsTheAgentsGreedyBeamDecodingWithValidSids() {
        long[] history = {3, 17, 42};
        JsonPath p = recommend("{\"userId\":\"u1\",\"history\":[" + ids(history) + "],\"slateSize\":10}");
        List<Long> items = items(p);
        assertThat(items).hasSize(10).doesNotHaveDuplicates();
        assertThat(items).isEqualTo(list(model.agentSlates(history)[0]));
        List<List<Integer>> sids = p.getList("sids");
        for (int i = 0; i < items.size(); i++) {
            int[] sid = sids.get(i).stream().mapToInt(Integer::intValue).toArray();
            assertThat(sid).containsExactly(model.sidOf(items.get(i)));
            // a valid full SID of the index, and the one of this very item (the map is one-to-one)
            assertThat(model.itemMap().item(sid)).isEqualTo(model.itemMap().indexOf(items.get(i)));
        }
        List<Float> scores = p.getList("scores", Float.class);
        assertThat(scores).allMatch(s -> s <= 0); // log-probabilities of the decoded paths
        for (int i = 1; i < scores.size(); i++) {
            assertThat(scores.get(i)).isLessThanOrEqualTo(scores.get(i - 1) + 1e-5f);
        }
        assertThat(p.getInt("unknownHistoryItems")).isZero();
    }

    @Test
    void excludedItemsAreNeverReturned() {
        List<Long> first = items(recommend("{\"history\":[20,21],\"slateSize\":10}"));
        List<Long> excluded = new ArrayList<>(first.subList(0, 5));
        excluded.add(424242L); // unknown ids in exclude are harmless
        String ex = excluded.stream().map(String::valueOf).collect(Collectors.joining(","));
        List<Long> second = items(recommend("{\"history\":[20,21],\"slateSize\":10,\"exclude\":[" + ex + "]}"));
        assertThat(second).hasSize(10).doesNotHaveDuplicates().doesNotContainAnyElementsOf(excluded);
        // the beam decodes past the excluded items: the rest of the unconstrained ranking comes first, in order
        assertThat(second.subList(0, 5)).isEqualTo(first.subList(5, 10));
    }

    @Test
    void unknownHistoryItemsAreIgnoredAndCounted() {
        double before = unknownCounter();
        JsonPath withUnknown = recommend("{\"history\":[5,999999,-5],\"slateSize\":5}");
        assertThat(withUnknown.getInt("unknownHistoryItems")).isEqualTo(2);
        assertThat(items(withUnknown)).isEqualTo(items(recommend("{\"history\":[5],\"slateSize\":5}")));
        assertThat(unknownCounter()).isEqualTo(before + 2);
        // no history at all: a cold user still gets the agent's slate for an all-padding history
        assertThat(items(recommend("{\"slateSize\":10}"))).isEqualTo(list(model.agentSlates(new long[0])[0]));
    }

    @Test
    void sameRequestSameSlateAlsoWhenBatchedWithOthers() throws Exception {
        String body = "{\"userId\":\"u7\",\"history\":[100,200,250],\"slateSize\":10,\"exclude\":[1]}";
        List<Long> reference = items(recommend(body));
        long[][] histories = new long[32][];
        for (int i = 0; i < histories.length; i++) {
            histories[i] = new long[] {1 + i, 100 + 2 * i, 200 + i};
        }
        long[][] expected = model.agentSlates(histories);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<List<Long>>> same = new ArrayList<>();
            List<Future<List<Long>>> others = new ArrayList<>();
            for (int i = 0; i < histories.length; i++) {
                same.add(pool.submit(() -> items(recommend(body))));
                String b = "{\"history\":[" + ids(histories[i]) + "],\"slateSize\":10}";
                others.add(pool.submit(() -> items(recommend(b))));
            }
            for (Future<List<Long>> f : same) {
                assertThat(f.get()).isEqualTo(reference);
            }
            for (int i = 0; i < others.size(); i++) {
                assertThat(others.get(i).get()).as("history %s", Arrays.toString(histories[i]))
                        .isEqualTo(list(expected[i]));
            }
        } finally {
            pool.shutdownNow();
        }
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("hsrl_serving_batch_size_count", "hsrl_serving_decode_depth_count",
                "hsrl_serving_requests_seconds_bucket", "status=\"200\"");
    }

    @Test
    void malformedBodiesAre400NamingTheField() {
        bad("{not json", 400, "body");
        bad("[1,2]", 400, "body");
        bad("{\"history\":1000}", 400, "history");
        bad("{\"history\":[10,\"abc\",12]}", 400, "history[1]");
        bad("{\"history\":[10,1.5]}", 400, "history[1]");
        bad("{\"slateSize\":\"ten\"}", 400, "slateSize");
        bad("{\"slateSize\":0}", 400, "slateSize");
        bad("{\"userId\":{\"a\":1}}", 400, "userId");
        bad("{\"exclude\":[null]}", 400, "exclude[0]");
        given().contentType(ContentType.JSON).body("").post("/v1/recommend").then().statusCode(400)
                .body("field", equalTo("body"));
    }

    @Test
    void oversizeRequestsAre413() {
        String longHistory = IntStream.range(0, 1001).mapToObj(i -> "10").collect(Collectors.joining(","));
        bad("{\"history\":[" + longHistory + "]}", 413, "history");
        bad("{\"slateSize\":101}", 413, "slateSize");
        double before = requests("413");
        String huge = "{\"userId\":\"" + "x".repeat(1_100_000) + "\"}";
        given().contentType(ContentType.JSON).body(huge).post("/v1/recommend").then().statusCode(413)
                .contentType(ContentType.JSON).body("field", equalTo("body"))
                .body("error", containsString("the limit is 1048576"));
        assertThat(requests("413")).isEqualTo(before + 1);
        // the server still answers afterwards
        assertThat(items(recommend("{\"history\":[10],\"slateSize\":2}"))).hasSize(2);
    }

    @Test
    void dataAfterTheJsonBodyIs400() {
        double before = requests("400");
        bad("{} garbage", 400, "body");
        bad("{}{}", 400, "body");
        bad("{\"history\":[10]} [1]", 400, "body");
        assertThat(requests("400")).isEqualTo(before + 3);
    }

    /** hsrl_serving_requests_seconds_count for a status. */

    /**
     * Seeded fuzzing of the recommend endpoint: valid bodies cut short, with characters changed or inserted, values
     * replaced by hostile ones (huge, non-finite, deep, wrong type), doubled, under other content types. No answer
     * is a 5xx; every refusal of a JSON request carries the JSON error body; the server still answers afterwards.
     */
    @Test
    void fuzzedRequestsNeverGetA5xx() {
        java.util.Random random = new java.util.Random(20261207L);
        String[] templates = {
            "{\"userId\":\"u1\",\"history\":[3,17,42],\"slateSize\":5,\"exclude\":[9]}",
            "{\"history\":[2],\"slateSize\":3}",
            "{\"userId\":\"u2\",\"history\":[],\"beamWidth\":4}"};
        Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        for (int i = 0; i < 400; i++) {
            String body = HostileJson.mutate(random, templates[random.nextInt(templates.length)]);
            boolean json = random.nextInt(10) > 0;
            var response = given().contentType(json ? "application/json" : HostileJson.contentType(random))
                    .body(body.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .post("/v1/recommend").then().extract();
            statuses.merge(response.statusCode(), 1, Integer::sum);
            assertThat(response.statusCode()).as("status for %s", body).isLessThan(500);
            if (json && response.statusCode() != 200) {
                assertThat(response.contentType()).as("content type for %s", body).startsWith("application/json");
                assertThat(response.jsonPath().getString("error")).as("error for %s", body).isNotBlank();
            }
        }
        assertThat(statuses).as("the fuzzer reaches both answers").containsKeys(200, 400);
        assertThat(items(recommend("{\"history\":[10],\"slateSize\":2}"))).hasSize(2);
        given().get("/q/health/ready").then().statusCode(200);
    }

    private static double requests(String status) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith("hsrl_serving_requests_seconds_count")
                        && l.contains("status=\"" + status + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static void bad(String body, int status, String field) {
        given().contentType(ContentType.JSON).body(body).post("/v1/recommend").then().statusCode(status)
                .body("field", equalTo(field)).body("error", containsString(field.replaceAll("\\[.*", "")));
    }

    private static double unknownCounter() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith("hsrl_serving_history_unknown_items_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(0);
    }

    @Test
    void distinctSlatesAcrossManyUsers() {
        for (int u = 0; u < 20; u++) {
            List<Long> items = items(recommend("{\"history\":[" + (1 + u * 7) + "," + (2 + u * 3) + "],\"slateSize\":20}"));
            assertThat(new HashSet<>(items)).hasSize(20);
            assertThat(items).allMatch(i -> model.itemMap().indexOf(i) >= 0);
        }
    }
}
