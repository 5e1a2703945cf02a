package io.hsrl.operator.workload;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.hsrl.api.v1alpha1.HsrlTraining;
import io.hsrl.api.v1alpha1.SemanticIndex;
import io.hsrl.operator.index.IndexJob;
import io.hsrl.operator.testing.Fixtures;
import io.hsrl.operator.training.TrainingJob;
import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class WorkloadJobTest {
    /** A DNS-1123 label, which Job names (they become pod labels) and label values must be. */
    static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    @Test
    void shortNamesAreKeptAsTheyAre() {
        assertThat(ObjectNames.child("catalog", "index")).isEqualTo("catalog-index");
        assertThat(ObjectNames.labelValue("catalog")).isEqualTo("catalog");
    }

    @Test
    void longNamesFitSixtyThreeCharactersKeepTheirSuffixAndStayDistinct() {
        String a = "a".repeat(100) + "-x";
        String b = "a".repeat(100) + "-y";
        String ja = ObjectNames.child(a, "index");
        String jb = ObjectNames.child(b, "index");
        assertThat(ja).hasSizeLessThanOrEqualTo(63).endsWith("-index").startsWith("aaaa").matches(LABEL);
        assertThat(jb).hasSizeLessThanOrEqualTo(63).isNotEqualTo(ja);
        assertThat(ObjectNames.labelValue(a)).hasSizeLessThanOrEqualTo(63).matches(LABEL)
                .isNotEqualTo(ObjectNames.labelValue(b));
        // exactly at the limit: unchanged; one over: shortened
        String sixtyThree = "b".repeat(57) + "-index";
        assertThat(ObjectNames.child("b".repeat(57), "index")).isEqualTo(sixtyThree);
        assertThat(ObjectNames.child("b".repeat(58), "index")).hasSize(63).isNotEqualTo("b".repeat(58) + "-index");
    }

    @Test
    void aCutThatEndsInAHyphenOrDotIsTrimmed() {
        String name = "x".repeat(45) + "-" + ".".repeat(3) + "y".repeat(60);
        assertThat(ObjectNames.child(name, "train")).matches("[a-z0-9.]([-a-z0-9.]*[a-z0-9])?")
                .hasSizeLessThanOrEqualTo(63);
        assertThat(ObjectNames.labelValue(name)).hasSizeLessThanOrEqualTo(63);
    }

    @Test
    void indexAndTrainingJobsShareOneShape() {
        SemanticIndex index = Fixtures.index("ns", "i".repeat(200));
        index.getMetadata().setUid("u1");
        index.getMetadata().setGeneration(3L);
        HsrlTraining training = Fixtures.training("ns", "t".repeat(200), "catalog");
        training.getMetadata().setUid("u2");
        training.getMetadata().setGeneration(2L);
        var config = Fixtures.config();
        Job ij = IndexJob.desired(index, "s3://hsrl/prefix", config);
        Job tj = TrainingJob.desired(training, "s3://hsrl/stats.json", "s3://hsrl/out", 60L, config);
        for (Job job : new Job[] {ij, tj}) {
            assertThat(job.getMetadata().getName()).hasSizeLessThanOrEqualTo(63).matches(LABEL);
            assertThat(job.getMetadata().getLabels().values()).allSatisfy(v -> assertThat(v).hasSizeLessThanOrEqualTo(63));
            assertThat(job.getMetadata().getOwnerReferences()).singleElement()
                    .satisfies(r -> assertThat(r.getController()).isTrue());
            assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
            assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getTerminationMessagePolicy())
                    .isEqualTo("FallbackToLogsOnError");
            assertThat(job.getSpec().getTemplate().getMetadata().getLabels()).isEqualTo(job.getMetadata().getLabels());
        }
        assertThat(ij.getMetadata().getAnnotations()).containsEntry(Ownership.GENERATION, "3");
        assertThat(tj.getMetadata().getAnnotations()).containsEntry(Ownership.GENERATION, "2");
        assertThat(ij.getMetadata().getName()).endsWith("-index").isEqualTo(IndexJob.name(index));
        assertThat(tj.getMetadata().getName()).endsWith("-train").isEqualTo(TrainingJob.name(training));
        assertThat(tj.getSpec().getActiveDeadlineSeconds()).isEqualTo(60L);
        assertThat(tj.getSpec().getBackoffLimit()).isEqualTo(training.getSpec().backoffLimit);
    }
}
