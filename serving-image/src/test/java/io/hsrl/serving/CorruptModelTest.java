package io.hsrl.serving;

import io.hsrl.serving.testing.S3ModelResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** A checkpoint whose file does not match its manifest's SHA-256 is never served: the server stays not ready. */
@QuarkusTest
@WithTestResource(value = S3ModelResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = {
        @ResourceArg(name = "model", value = "corrupt"),
        @ResourceArg(name = "hsrl.serving.load.attempts", value = "2")})
class CorruptModelTest {

    @Test
    void corruptModelLeavesTheServerNotReady() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> given().get("/q/health/live").statusCode() == 503);
        given().get("/q/health/ready").then().statusCode(503)
                .body("checks[0].data.state", equalTo("FAILED"))
                .body("checks[0].data.detail", containsString("SHA-256"))
                .body("checks[0].data.detail", containsString("actor.bin"))
                .body("checks[0].data.detail", containsString("after 2 attempt(s)"));
        given().contentType(ContentType.JSON).body("{\"history\":[1000]}").post("/v1/recommend").then()
                .statusCode(503).body("error", containsString("model not ready"));
        given().get("/v1/model").then().statusCode(503).body("state", equalTo("FAILED"));
    }
}
