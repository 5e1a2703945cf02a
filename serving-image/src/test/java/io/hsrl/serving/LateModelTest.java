package io.hsrl.serving;

import io.hsrl.contracts.PolicyMode;
import io.hsrl.serving.testing.S3ModelResource;
import io.hsrl.serving.testing.TestModels;
import io.hsrl.store.ObjectStores;
import io.hsrl.store.S3Settings;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * Ready only after load: while the model is not yet in the store the server is alive but not ready and refuses
 * recommendations; once the trainer publishes it, a retry loads it and the server becomes ready.
 */
@QuarkusTest
@WithTestResource(value = S3ModelResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = {
        @ResourceArg(name = "model", value = "none"),
        @ResourceArg(name = "hsrl.serving.load.attempts", value = "300"),
        @ResourceArg(name = "hsrl.serving.load.backoff", value = "200ms")})
class LateModelTest {
    @ConfigProperty(name = "hsrl.serving.store.endpoint")
    String endpoint;

    @Test
    void readyOnlyOnceTheModelIsLoaded() throws Exception {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(503).body("checks[0].data.state", equalTo("LOADING"));
        given().contentType(ContentType.JSON).body("{\"history\":[1000]}").post("/v1/recommend").then().statusCode(503);
        given().get("/v1/model").then().statusCode(503).body("state", equalTo("LOADING"));

        try (ObjectStores s3 = ObjectStores.of(new S3Settings(endpoint, "hsrl-test", "hsrl-test-secret-key", null))) {
            TestModels.publish(s3, S3ModelResource.PREFIX, 50, PolicyMode.REFERENCE, 3);
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> given().get("/q/health/ready").statusCode() == 200);
        given().contentType(ContentType.JSON).body("{\"history\":[1000],\"slateSize\":5}").post("/v1/recommend")
                .then().statusCode(200).body("items", hasSize(5)).body("sids", hasSize(5));
        given().get("/v1/model").then().statusCode(200).body("items", equalTo(50)).body("mode", equalTo("reference"));
    }
}
