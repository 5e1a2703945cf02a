package io.hsrl.serving;

import io.hsrl.serving.testing.S3ModelResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * The pod environment an HsrlServing with {@code slateSize: 5, beamWidth: 4} gets (HSRL_SLATE_SIZE, HSRL_BEAM_WIDTH,
 * and the model's digest in HSRL_MODEL_SHA256) reaches the server: a request without a slate size gets 5 items, the
 * model is decoded with a beam of 4, the log says so, and the digest matches.
 */
@QuarkusTest
@WithTestResource(value = S3ModelResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = {
        @ResourceArg(name = "HSRL_SLATE_SIZE", value = "5"),
        @ResourceArg(name = "HSRL_BEAM_WIDTH", value = "4"),
        @ResourceArg(name = "HSRL_MODEL_SHA256", value = "published"),
        @ResourceArg(name = "quarkus.log.file.enabled", value = "true"),
        @ResourceArg(name = "quarkus.log.file.path", value = ServingSpecFromEnvironmentTest.LOG)})
class ServingSpecFromEnvironmentTest {
    static final String LOG = "target/serving-spec-from-environment.log";

    @Test
    void slateSizeAndBeamWidthFromThePodEnvironmentAreUsed() throws Exception {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> given().get("/q/health/ready").statusCode() == 200);
        given().contentType(ContentType.JSON).body("{\"userId\":\"u1\",\"history\":[]}").post("/v1/recommend").then()
                .statusCode(200).body("items", hasSize(5));
        given().contentType(ContentType.JSON).body("{\"history\":[],\"slateSize\":7}").post("/v1/recommend").then()
                .statusCode(200).body("items", hasSize(7));
        given().get("/v1/model").then().statusCode(200).body("details.beamWidth", equalTo(4));
        String log = Files.readString(Path.of(LOG), StandardCharsets.UTF_8);
        assertThat(log).containsPattern("model ready: .* beamWidth=4 defaultSlateSize=5 ");
    }
}
