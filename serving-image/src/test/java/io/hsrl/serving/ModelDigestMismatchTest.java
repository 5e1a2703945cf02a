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

/**
 * A model whose manifest digest is not the one the operator gave (HSRL_MODEL_SHA256) is refused at once, not retried:
 * the server stays not ready and says why.
 */
@QuarkusTest
@WithTestResource(value = S3ModelResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = {
        @ResourceArg(name = "HSRL_MODEL_SHA256", value = ModelDigestMismatchTest.OTHER),
        @ResourceArg(name = "hsrl.serving.load.attempts", value = "3")})
class ModelDigestMismatchTest {
    static final String OTHER = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    @Test
    void aModelWithAnotherDigestIsNotServed() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> given().get("/q/health/ready").then().extract().path("checks[0].data.state") != null
                        && "FAILED".equals(given().get("/q/health/ready").then().extract()
                                .path("checks[0].data.state")));
        given().get("/q/health/ready").then().statusCode(503)
                .body("checks[0].data.detail", containsString("model digest mismatch"))
                .body("checks[0].data.detail", containsString("expected " + OTHER))
                .body("checks[0].data.detail", containsString("HSRL_MODEL_SHA256"));
        given().contentType(ContentType.JSON).body("{\"history\":[1000]}").post("/v1/recommend").then()
                .statusCode(503).body("error", containsString("model not ready"));
        given().get("/v1/model").then().statusCode(503).body("state", equalTo("FAILED"));
    }
}
