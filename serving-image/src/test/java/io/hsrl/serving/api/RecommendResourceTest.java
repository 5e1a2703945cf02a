package io.hsrl.serving.api;

import io.hsrl.serving.model.ModelLoader;
import io.hsrl.serving.testing.Expected;
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

/** The server with a valid model in a real S3 server: answers, validation, limits, determinism, metrics. */
@QuarkusTest
@WithTestResource(value = S3ModelResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class RecommendResourceTest {
    @ConfigProperty(name = "hsrl.serving.store.endpoint")
    String endpoint;

    private static TestModels.Published model;

    @BeforeEach
    void ready() throws Exception {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> given().get("/q/health/ready").statusCode() == 200);
        if (model == null) {
            // The same seeded model, published to a local folder, gives the arrays to check answers against.
            Path dir = Files.createTempDirectory("hsrl-expected");
            try (ObjectStores local = ObjectStores.from(Map.of())) {
                model = TestModels.publish(local, dir.toString(), S3ModelResource.ITEMS, S3ModelResource.DIMENSION,
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

    @Test
    void describesTheLoadedManifestByItsDigest() throws Exception {
        String manifestUri = S3ModelResource.PREFIX + "/checkpoints/00000010/manifest.json";
        String sha;
        try (ObjectStores s3 = ObjectStores.of(new S3Settings(endpoint, "hsrl-test", "hsrl-test-secret-key", null))) {
            sha = ModelLoader.sha256(s3.read(manifestUri));
        }
        given().get("/v1/model").then().statusCode(200)
                .body("uri", equalTo(manifestUri))
                .body("requestedUri", equalTo(S3ModelResource.PREFIX + "/checkpoints/latest.json"))
                .body("sha256", equalTo(sha))
                .body("algorithm", equalTo("dot-product"))
                .body("items", equalTo(S3ModelResource.ITEMS))
                .body("sidLength", equalTo(model.itemMap().length()))
                .body("indexUri", equalTo(S3ModelResource.PREFIX + "/index"));
        JsonPath p = recommend("{\"userId\":\"u1\",\"history\":[1001],\"slateSize\":3}");
        assertThat(p.getString("model.uri")).isEqualTo(manifestUri);
        assertThat(p.getString("model.sha256")).isEqualTo(sha);
        assertThat(p.getString("model.mode")).isEqualTo("reference");
    }

    @Test
    void slateIsTheModelsTopKWithItsSids() {
        JsonPath p = recommend("{\"userId\":\"u1\",\"history\":[1000,1005,1010],\"slateSize\":10}");
        List<Long> items = items(p);
        assertThat(items).hasSize(10).doesNotHaveDuplicates();
        assertThat(items).isEqualTo(Expected.slate(model, new long[]{1000, 1005, 1010}, new long[0], 10));
        List<List<Integer>> sids = p.getList("sids");
        for (int i = 0; i < items.size(); i++) {
            int[] sid = sids.get(i).stream().mapToInt(Integer::intValue).toArray();
            assertThat(sid).containsExactly(model.sidOf(items.get(i)));
            // a valid full SID of the index, and the one of this very item (the map is one-to-one)
            assertThat(model.itemMap().item(sid)).isEqualTo(model.itemMap().indexOf(items.get(i)));
        }
        List<Float> scores = p.getList("scores", Float.class);
        for (int i = 1; i < scores.size(); i++) {
            assertThat(scores.get(i)).isLessThanOrEqualTo(scores.get(i - 1));
        }
        assertThat(p.getInt("unknownHistoryItems")).isZero();
    }

    @Test
    void excludedItemsAreNeverReturned() {
        List<Long> first = items(recommend("{\"history\":[1020,1021],\"slateSize\":10}"));
        List<Long> excluded = new ArrayList<>(first.subList(0, 5));
        excluded.add(424242L); // unknown ids in exclude are harmless
        String ex = excluded.stream().map(String::valueOf).collect(Collectors.joining(","));
        List<Long> second = items(recommend("{\"history\":[1020,1021],\"slateSize\":10,\"exclude\":[" + ex + "]}"));
        assertThat(second).hasSize(10).doesNotHaveDuplicates().doesNotContainAnyElementsOf(excluded);
        assertThat(second).isEqualTo(Expected.slate(model, new long[]{1020, 1021},
                excluded.stream().mapToLong(Long::longValue).toArray(), 10));
        assertThat(second).containsAll(first.subList(5, 10));
    }

    @Test
    void unknownHistoryItemsAreIgnoredAndCounted() {
        double before = unknownCounter();
        JsonPath withUnknown = recommend("{\"history\":[1003,999999,-5],\"slateSize\":5}");
        assertThat(withUnknown.getInt("unknownHistoryItems")).isEqualTo(2);
        assertThat(items(withUnknown)).isEqualTo(items(recommend("{\"history\":[1003],\"slateSize\":5}")));
        assertThat(unknownCounter()).isEqualTo(before + 2);
        // no history at all: a cold user still gets a full slate (the catalogue mean)
        assertThat(items(recommend("{\"slateSize\":4}")))
                .isEqualTo(Expected.slate(model, new long[0], new long[0], 4));
    }

    @Test
    void sameRequestSameSlateAlsoWhenBatchedWithOthers() throws Exception {
        String body = "{\"userId\":\"u7\",\"history\":[1100,1200,1250],\"slateSize\":10,\"exclude\":[1001]}";
        List<Long> reference = items(recommend(body));
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<List<Long>>> same = new ArrayList<>();
            List<Future<List<Long>>> others = new ArrayList<>();
            for (int i = 0; i < 48; i++) {
                same.add(pool.submit(() -> items(recommend(body))));
                int h = 1000 + i;
                others.add(pool.submit(() -> items(recommend("{\"history\":[" + h + "],\"slateSize\":3}"))));
            }
            for (Future<List<Long>> f : same) {
                assertThat(f.get()).isEqualTo(reference);
            }
            for (int i = 0; i < others.size(); i++) {
                assertThat(others.get(i).get()).isEqualTo(Expected.slate(model, new long[]{1000 + i}, new long[0], 3));
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
        bad("{\"history\":[1000,\"abc\",1002]}", 400, "history[1]");
        bad("{\"history\":[1000,1.5]}", 400, "history[1]");
        bad("{\"slateSize\":\"ten\"}", 400, "slateSize");
        bad("{\"slateSize\":0}", 400, "slateSize");
        bad("{\"userId\":{\"a\":1}}", 400, "userId");
        bad("{\"exclude\":[null]}", 400, "exclude[0]");
        given().contentType(ContentType.JSON).body("").post("/v1/recommend").then().statusCode(400)
                .body("field", equalTo("body"));
    }

    @Test
    void oversizeRequestsAre413() {
        String longHistory = IntStream.range(0, 1001).mapToObj(i -> "1000").collect(Collectors.joining(","));
        bad("{\"history\":[" + longHistory + "]}", 413, "history");
        bad("{\"slateSize\":101}", 413, "slateSize");
        String huge = "{\"userId\":\"" + "x".repeat(1_100_000) + "\"}";
        given().contentType(ContentType.JSON).body(huge).post("/v1/recommend").then().statusCode(413);
        // the server still answers afterwards
        assertThat(items(recommend("{\"history\":[1000],\"slateSize\":2}"))).hasSize(2);
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
            List<Long> items = items(recommend("{\"history\":[" + (1000 + u * 7) + "," + (1001 + u * 3) + "],\"slateSize\":20}"));
            assertThat(new HashSet<>(items)).hasSize(20);
            assertThat(items).allMatch(i -> i >= TestModels.FIRST_ID && i < TestModels.FIRST_ID + S3ModelResource.ITEMS);
        }
    }
}
