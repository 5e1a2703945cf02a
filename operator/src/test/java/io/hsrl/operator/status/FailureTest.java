package io.hsrl.operator.status;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.hsrl.api.v1alpha1.HsrlTrainingStatus;
import io.hsrl.api.v1alpha1.SemanticIndexStatus;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;

import static org.assertj.core.api.Assertions.assertThat;

class FailureTest {
    @Test
    void aRejectedObjectNamesTheFieldsTheApiServerNamed() {
        var status = new StatusBuilder().withCode(422).withReason("Invalid")
                .withMessage("Job.batch \"x-index\" is invalid: metadata.labels: Invalid value: \"aaa\": must be no more than 63 characters")
                .withNewDetails().withKind("Job").withName("x-index")
                .addNewCause().withField("metadata.labels").withMessage("must be no more than 63 characters").endCause()
                .endDetails().build();
        Failure f = Failure.of(new KubernetesClientException(status));
        assertThat(f.reason()).isEqualTo(Failure.API_REJECTED);
        assertThat(f.message()).contains("(422)").contains("Job x-index").contains("metadata.labels: must be no more");
    }

    @Test
    void forbiddenUnreachableAndObjectStoreFailuresHaveTheirOwnReasons() {
        assertThat(Failure.of(new KubernetesClientException(new StatusBuilder().withCode(403)
                .withMessage("jobs.batch is forbidden").build())).reason()).isEqualTo(Failure.FORBIDDEN);
        assertThat(Failure.of(new KubernetesClientException("Failure executing: POST",
                new ConnectException("Connection refused"))).reason()).isEqualTo(Failure.API_UNREACHABLE);
        assertThat(Failure.of(new IOException("read s3://hsrl/x", new ConnectException("Connection refused"))))
                .satisfies(f -> assertThat(f.reason()).isEqualTo(Failure.OBJECT_STORE_UNREACHABLE))
                .satisfies(f -> assertThat(f.message()).contains("Connection refused"));
        assertThat(Failure.of(new IllegalStateException("s3:// URIs need the environment variable HSRL_S3_ENDPOINT"))
                .reason()).isEqualTo(Failure.OBJECT_STORE_NOT_CONFIGURED);
        assertThat(Failure.of(new IOException("The specified bucket does not exist")).reason())
                .isEqualTo(Failure.OBJECT_STORE_ERROR);
        assertThat(Failure.of(new IllegalArgumentException("x".repeat(5000))).message()).hasSizeLessThan(1100);
    }

    @Test
    void theStateIsDerivedFromTheConditions() {
        SemanticIndexStatus idx = new SemanticIndexStatus();
        assertThat(States.of(idx)).isEqualTo("Pending");
        idx.setCondition("Ready", false, Failure.OBJECT_STORE_UNREACHABLE, "m", 1L);
        assertThat(States.of(idx)).isEqualTo("Retrying");
        idx.setCondition("Ready", false, "InvalidSpec", "m", 1L);
        assertThat(States.of(idx)).isEqualTo("Failed");
        idx.setCondition("Building", true, "JobCreated", "m", 1L);
        idx.setCondition("Ready", false, "Building", "m", 1L);
        assertThat(States.of(idx)).isEqualTo("Building");
        idx.setCondition("Building", false, "Built", "m", 1L);
        idx.statsUri = "s3://hsrl/stats.json";
        idx.setCondition("Degraded", true, "ThresholdBreached", "m", 1L);
        idx.setCondition("Ready", false, "ThresholdBreached", "m", 1L);
        assertThat(States.of(idx)).isEqualTo("Degraded");
        idx.setCondition("Degraded", false, "WithinThresholds", "m", 1L);
        idx.setCondition("Ready", true, "IndexBuilt", "m", 1L);
        assertThat(States.of(idx)).isEqualTo("Ready");
        idx.setCondition("Deleting", true, "ObjectStoreUnreachable", "m", 1L);
        assertThat(States.of(idx)).isEqualTo("Deleting");

        HsrlTrainingStatus t = new HsrlTrainingStatus();
        assertThat(States.of(t)).isEqualTo("Pending");
        t.setCondition("Running", true, "JobCreated", "m", 1L);
        assertThat(States.of(t)).isEqualTo("Running");
        t.setCondition("Running", false, "x", "now Complete", 1L);
        t.setCondition("Complete", true, "Succeeded", "m", 1L);
        assertThat(States.of(t)).isEqualTo("Complete");
    }
}
