package io.hsrl.operator.index;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.hsrl.api.v1alpha1.SemanticIndex;
import io.hsrl.api.v1alpha1.SemanticIndexSpec;
import io.hsrl.operator.config.OperatorConfig;
import io.hsrl.operator.workload.Ownership;
import io.hsrl.operator.workload.WorkloadPod;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The index-builder Job: the trainer image's {@code index} command with the spec as arguments. */
public final class IndexJob {
    public static final String COMPONENT = "index";
    /** Retries of the builder pod; a deterministic build that failed twice will fail again. */
    static final int BACKOFF_LIMIT = 1;

    private IndexJob() {
    }

    public static String name(SemanticIndex index) {
        return index.getMetadata().getName() + "-index";
    }

    /** The container arguments: the contract with the trainer's {@code index} command. */
    public static List<String> args(SemanticIndexSpec spec, String outPrefix) {
        List<String> args = new ArrayList<>(List.of("index",
                "--catalog", spec.catalog.uri,
                "--format", spec.catalog.format.value(),
                "--levels", Integer.toString(spec.levels),
                "--codebook-size", Integer.toString(spec.codebookSize)));
        if (Boolean.TRUE.equals(spec.balanced)) {
            args.add("--balanced");
        }
        args.addAll(List.of(
                "--seed", Long.toString(spec.seed),
                "--collisions", spec.collisions.value(),
                "--iterations", Integer.toString(spec.iterations),
                "--out", outPrefix));
        return args;
    }

    public static Job desired(SemanticIndex index, String outPrefix, OperatorConfig config) {
        SemanticIndexSpec spec = index.getSpec();
        Map<String, String> labels = Ownership.labels(index, COMPONENT);
        var pod = new WorkloadPod("index", config.trainerImage(), args(spec, outPrefix), spec.pod)
                .objectStoreFrom(spec.objectStore, config)
                .restartPolicy("Never")
                .container(new ContainerBuilder().withTerminationMessagePolicy("FallbackToLogsOnError").build())
                .build(config);
        return new JobBuilder()
                .withNewMetadata()
                .withName(name(index))
                .withNamespace(index.getMetadata().getNamespace())
                .withLabels(labels)
                .withAnnotations(Map.of(Ownership.GENERATION, Long.toString(index.getMetadata().getGeneration())))
                .withOwnerReferences(Ownership.controllerReference(index))
                .endMetadata()
                .withNewSpec()
                .withBackoffLimit(BACKOFF_LIMIT)
                .withNewTemplate()
                .withNewMetadata().withLabels(labels).endMetadata()
                .withSpec(pod)
                .endTemplate()
                .endSpec()
                .build();
    }
}
