package io.hsrl.operator.workload;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.hsrl.operator.config.OperatorConfig;

import java.util.Map;

/**
 * The one way a Job-based kind's Job is made: named {@code <owner>-<component>} (fitted to 63 characters), labelled
 * for the informers, annotated with the owner's generation (a new generation replaces the Job), controlled by its
 * owner (garbage collection), pods that never restart in place and report their last log lines when they fail.
 */
public final class WorkloadJob {
    private final HasMetadata owner;
    private final String component;
    private Integer backoffLimit = 1;
    private Long activeDeadlineSeconds;

    private WorkloadJob(HasMetadata owner, String component) {
        this.owner = owner;
        this.component = component;
    }

    public static WorkloadJob of(HasMetadata owner, String component) {
        return new WorkloadJob(owner, component);
    }

    /** The Job's name for {@code owner}: {@code <name>-<component>}, at most 63 characters. */
    public static String name(HasMetadata owner, String component) {
        return ObjectNames.child(owner.getMetadata().getName(), component);
    }

    /** The label selector of a kind's Job informer. */
    public static String selector(String component) {
        return Ownership.SELECTOR + "," + Ownership.COMPONENT + "=" + component;
    }

    public WorkloadJob backoffLimit(Integer retries) {
        this.backoffLimit = retries;
        return this;
    }

    public WorkloadJob activeDeadlineSeconds(Long seconds) {
        this.activeDeadlineSeconds = seconds;
        return this;
    }

    public Job build(WorkloadPod pod, OperatorConfig config) {
        Map<String, String> labels = Ownership.labels(owner, component);
        var podSpec = pod.restartPolicy("Never")
                // a failed pod's last log lines become its termination message, which the status quotes
                .container(new ContainerBuilder().withTerminationMessagePolicy("FallbackToLogsOnError").build())
                .build(config);
        return new JobBuilder()
                .withNewMetadata()
                .withName(name(owner, component))
                .withNamespace(owner.getMetadata().getNamespace())
                .withLabels(labels)
                .withAnnotations(Map.of(Ownership.GENERATION, Long.toString(owner.getMetadata().getGeneration())))
                .withOwnerReferences(Ownership.controllerReference(owner))
                .endMetadata()
                .withNewSpec()
                .withBackoffLimit(backoffLimit)
                .withActiveDeadlineSeconds(activeDeadlineSeconds)
                .withNewTemplate()
                .withNewMetadata().withLabels(labels).endMetadata()
                .withSpec(podSpec)
                .endTemplate()
                .endSpec()
                .build();
    }
}
