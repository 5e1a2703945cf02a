package io.hsrl.operator.index;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.hsrl.api.v1alpha1.SemanticIndex;
import io.hsrl.api.v1alpha1.SemanticIndexSpec;
import io.hsrl.operator.config.OperatorConfig;
import io.hsrl.operator.workload.WorkloadJob;
import io.hsrl.operator.workload.WorkloadPod;

import java.util.ArrayList;
import java.util.List;

/** The index-builder Job: the trainer image's {@code index} command with the spec as arguments. */
public final class IndexJob {
    public static final String COMPONENT = "index";
    /** Retries of the builder pod; a deterministic build that failed twice will fail again. */
    static final int BACKOFF_LIMIT = 1;

    private IndexJob() {
    }

    public static String name(SemanticIndex index) {
        return WorkloadJob.name(index, COMPONENT);
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
        var pod = new WorkloadPod("index", config.trainerImage(), args(spec, outPrefix), spec.pod)
                .objectStoreFrom(spec.objectStore, config);
        return WorkloadJob.of(index, COMPONENT).backoffLimit(BACKOFF_LIMIT).build(pod, config);
    }
}
