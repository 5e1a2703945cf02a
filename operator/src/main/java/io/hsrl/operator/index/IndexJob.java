package io.hsrl.operator.index;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.hsrl.api.v1alpha1.SemanticIndex;
import io.hsrl.api.v1alpha1.SemanticIndexSpec;
import io.hsrl.contracts.IndexInvocation;
import io.hsrl.operator.config.OperatorConfig;
import io.hsrl.operator.workload.WorkloadJob;
import io.hsrl.operator.workload.WorkloadPod;

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

    /** What the index builder is asked to do: the contract with the trainer's {@code index} command. */
    public static IndexInvocation invocation(SemanticIndexSpec spec, String outPrefix) {
        return new IndexInvocation(spec.catalog.uri, spec.catalog.format, spec.levels, spec.codebookSize,
                Boolean.TRUE.equals(spec.balanced), spec.kmeans, spec.seed, spec.collisions, spec.iterations, outPrefix);
    }

    /** The container arguments. */
    public static List<String> args(SemanticIndexSpec spec, String outPrefix) {
        return invocation(spec, outPrefix).toArgs();
    }

    public static Job desired(SemanticIndex index, String outPrefix, OperatorConfig config) {
        SemanticIndexSpec spec = index.getSpec();
        var pod = new WorkloadPod("index", config.trainerImage(), args(spec, outPrefix), spec.pod)
                .objectStoreFrom(spec.objectStore, config);
        return WorkloadJob.of(index, COMPONENT).backoffLimit(BACKOFF_LIMIT).build(pod, config);
    }
}
