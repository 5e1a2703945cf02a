package io.hsrl.operator.validation;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.hsrl.api.v1alpha1.Autoscaling;
import io.hsrl.api.v1alpha1.HsrlServing;
import io.hsrl.api.v1alpha1.HsrlTraining;
import io.hsrl.api.v1alpha1.ModelSource;
import io.hsrl.api.v1alpha1.PodOverrides;
import io.hsrl.api.v1alpha1.SemanticIndex;
import io.hsrl.operator.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SpecValidatorTest {
    final SpecValidator validator = new SpecValidator(new ArtifactUris(Set.of("s3"), true));

    static String field(Optional<Invalid> invalid) {
        return invalid.map(Invalid::field).orElse("(valid)");
    }

    SemanticIndex index(String uri) {
        SemanticIndex index = Fixtures.index("ns", "i");
        index.getSpec().catalog.uri = uri;
        return index;
    }

    @Test
    void aValidIndexPasses() {
        assertThat(validator.index(Fixtures.index("ns", "i"))).isEmpty();
    }

    @Test
    void uriProblemsNameTheField() {
        assertThat(validator.index(index("s3://datasets/a/../../etc/passwd")).orElseThrow().message())
                .startsWith("spec.catalog.uri: must not contain '..' segments");
        assertThat(validator.index(index("s3://datasets/./a")).orElseThrow().message()).contains("'.' segments");
        assertThat(validator.index(index("/data/items.csv")).orElseThrow().message())
                .startsWith("spec.catalog.uri: local paths").contains("not allowed");
        assertThat(validator.index(index("s3://Bad_Bucket/x")).orElseThrow().message()).contains("invalid bucket name");
        assertThat(validator.index(index("s3://datasets/")).orElseThrow().message()).contains("no key");
        assertThat(validator.index(index("http://example.com/x")).orElseThrow().message()).contains("unsupported");
        var withPaths = new SpecValidator(new ArtifactUris(Set.of("s3", "file"), true));
        assertThat(withPaths.index(index("/data/items.csv"))).isEmpty();
        assertThat(field(withPaths.index(index("data/items.csv")))).isEqualTo("spec.catalog.uri");
    }

    @Test
    void anS3UriWithoutObjectStoreSettingsSaysSo() {
        var unconfigured = new SpecValidator(new ArtifactUris(Set.of("s3"), false));
        Invalid invalid = unconfigured.index(Fixtures.index("ns", "i")).orElseThrow();
        assertThat(invalid.reason()).isEqualTo(ArtifactUris.OBJECT_STORE_NOT_CONFIGURED);
        assertThat(invalid.message()).startsWith("spec.catalog.uri: ").contains("HSRL_S3_ENDPOINT");
    }

    @Test
    void aCodebookBeyondSixtyThreeBitsIsRejected() {
        SemanticIndex index = Fixtures.index("ns", "i");
        index.getSpec().codebookSize = 4096;
        index.getSpec().levels = 8;
        assertThat(validator.index(index).orElseThrow().message()).startsWith("spec.codebookSize: ")
                .contains("96 bits").contains("≤ 63");
        index.getSpec().levels = 5; // 60 bits
        assertThat(validator.index(index)).isEmpty();
    }

    @Test
    void inconsistentOrMalformedQuantitiesAreRejected() {
        SemanticIndex index = Fixtures.index("ns", "i");
        index.getSpec().pod = new PodOverrides();
        index.getSpec().pod.resources = new ResourceRequirementsBuilder().addToLimits("cpu", new Quantity("1"))
                .addToRequests("cpu", new Quantity("1500m")).build();
        assertThat(validator.index(index).orElseThrow().message())
                .startsWith("spec.pod.resources.requests.cpu: the request 1500m exceeds the limit 1");
        index.getSpec().pod.resources = new ResourceRequirementsBuilder().addToLimits("memory", new Quantity("lots"))
                .build();
        assertThat(field(validator.index(index))).isEqualTo("spec.pod.resources.limits.memory");
        index.getSpec().pod.resources = new ResourceRequirementsBuilder().addToLimits("memory", new Quantity("2Gi"))
                .addToRequests("memory", new Quantity("1Gi")).build();
        assertThat(validator.index(index)).isEmpty();
    }

    @Test
    void tolerationsAndNodeSelectorsAreCheckedAsTheApiServerWould() {
        HsrlTraining t = Fixtures.training("ns", "t", "i");
        t.getSpec().pod = new PodOverrides();
        t.getSpec().pod.tolerations = List.of(new TolerationBuilder().withKey("gpu").withOperator("Sometimes").build());
        assertThat(field(validator.training(t))).isEqualTo("spec.pod.tolerations[0].operator");
        t.getSpec().pod.tolerations = List.of(new TolerationBuilder().withKey("gpu").withOperator("Exists")
                .withValue("x").build());
        assertThat(field(validator.training(t))).isEqualTo("spec.pod.tolerations[0].value");
        t.getSpec().pod.tolerations = null;
        t.getSpec().pod.nodeSelector = java.util.Map.of("not a key!", "x");
        assertThat(field(validator.training(t))).isEqualTo("spec.pod.nodeSelector");
    }

    @Test
    void hyperParametersTheTrainerCannotUseAreRejected() {
        HsrlTraining t = Fixtures.training("ns", "t", "i");
        t.getSpec().hyperParameters.dModel = 30;
        t.getSpec().hyperParameters.nHead = 4;
        assertThat(field(validator.training(t))).isEqualTo("spec.hyperParameters.nHead");
        t.getSpec().hyperParameters.dModel = 32;
        t.getSpec().hyperParameters.batchSize = 512;
        t.getSpec().hyperParameters.bufferSize = 100;
        assertThat(field(validator.training(t))).isEqualTo("spec.hyperParameters.batchSize");
        t.getSpec().simulator.uri = "s3://models/../sim";
        t.getSpec().hyperParameters.batchSize = 64;
        assertThat(field(validator.training(t))).isEqualTo("spec.simulator.uri");
    }

    @Test
    void aCostBudgetThatDoesNotReadOrAnObjectiveTheLearnerCannotTakeIsRejected() {
        HsrlTraining t = Fixtures.training("ns", "t", "i");
        assertThat(validator.training(t)).isEmpty();
        t.getSpec().objective = new io.hsrl.api.v1alpha1.TrainingObjective(io.hsrl.contracts.ObjectiveType.CONVERSIONS, "5");
        Invalid invalid = validator.training(t).orElseThrow();
        assertThat(invalid.field()).isEqualTo("spec.objective.costBudget");
        assertThat(invalid.problem()).contains("abs:X").contains("'5'");
        t.getSpec().objective.costBudget = "-10%";
        assertThat(validator.training(t)).isEmpty();
        t.getSpec().objective.type = io.hsrl.contracts.ObjectiveType.ENGAGEMENT;
        assertThat(validator.training(t).orElseThrow().problem()).contains("conversions objective only");
        t.getSpec().objective.costBudget = "0";
        assertThat(validator.training(t)).isEmpty();
        t.getSpec().objective.type = io.hsrl.contracts.ObjectiveType.CONVERSIONS;
        t.getSpec().algorithm = io.hsrl.contracts.Algorithm.SL;
        invalid = validator.training(t).orElseThrow();
        assertThat(invalid.field()).isEqualTo("spec.objective.type");
        assertThat(invalid.problem()).contains("algorithm sl");
    }

    @Test
    void anUnreadableSpecNamesItsField() {
        HsrlTraining t = new KubernetesSerialization().unmarshal("""
                {"apiVersion":"hsrl.io/v1alpha1","kind":"HsrlTraining","metadata":{"name":"p","namespace":"n"},
                 "spec":{"hyperParameters":{"bufferSize":9223372036854775807}}}""", HsrlTraining.class);
        Invalid invalid = validator.training(t).orElseThrow();
        assertThat(invalid.field()).isEqualTo("spec.hyperParameters.bufferSize");
        assertThat(invalid.problem()).startsWith("cannot be read").contains("9223372036854775807");
    }

    @Test
    void aServingNeedsAServiceNameAndConsistentAutoscaling() {
        HsrlServing s = new HsrlServing();
        s.setMetadata(new ObjectMetaBuilder().withName("9lives").withNamespace("ns").build());
        s.getSpec().model = new ModelSource();
        s.getSpec().model.checkpointUri = "s3://models/m/latest.json";
        assertThat(field(validator.serving(s))).isEqualTo("metadata.name");
        s.getMetadata().setName("lives");
        assertThat(validator.serving(s)).isEmpty();
        s.getSpec().autoscaling = new Autoscaling();
        s.getSpec().autoscaling.minReplicas = 5;
        s.getSpec().autoscaling.maxReplicas = 2;
        assertThat(field(validator.serving(s))).isEqualTo("spec.autoscaling.minReplicas");
        s.getSpec().autoscaling = null;
        s.getSpec().model.checkpointUri = "s3://models/a/../b/latest.json";
        assertThat(field(validator.serving(s))).isEqualTo("spec.model.checkpointUri");
    }
}
