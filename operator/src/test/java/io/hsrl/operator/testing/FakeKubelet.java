package io.hsrl.operator.testing;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Plays the kubelet and the workload controllers for the mock API server (which runs no pods): advances Job and
 * Deployment status the way the real controllers report it.
 */
public final class FakeKubelet {
    private final KubernetesClient client;

    public FakeKubelet(KubernetesClient client) {
        this.client = client;
    }

    public void jobRunning(String ns, String name) {
        client.batch().v1().jobs().inNamespace(ns).withName(name).editStatus(j -> {
            j.setStatus(new JobStatusBuilder().withActive(1).withStartTime("2026-01-01T00:00:00Z").build());
            return j;
        });
    }

    public void jobSucceeded(String ns, String name) {
        client.batch().v1().jobs().inNamespace(ns).withName(name).editStatus(j -> {
            j.setStatus(new JobStatusBuilder().withSucceeded(1).withActive(0)
                    .withConditions(new JobConditionBuilder().withType("Complete").withStatus("True").build())
                    .build());
            return j;
        });
    }

    /** The Job controller's verdict after the last retry, plus the failed pod with its termination message. */
    public void jobFailed(String ns, String name, String reason, String podMessage) {
        Job job = client.batch().v1().jobs().inNamespace(ns).withName(name).get();
        var failed = new PodBuilder()
                .withNewMetadata().withName(name + "-x1").withNamespace(ns).addToLabels("job-name", name).endMetadata()
                .withNewSpec().addNewContainer().withName("main").withImage("x").endContainer().endSpec()
                .withNewStatus().withPhase("Failed").addNewContainerStatus().withName("main").withImage("x")
                .withImageID("").withReady(false).withRestartCount(0)
                .withNewState().withNewTerminated().withExitCode(2).withReason("Error").withMessage(podMessage)
                .endTerminated().endState().endContainerStatus().endStatus()
                .build();
        client.pods().inNamespace(ns).resource(failed).create();
        // a real API server ignores the status of a create: the kubelet reports it through the status subresource
        client.pods().inNamespace(ns).withName(name + "-x1").editStatus(p -> {
            p.setStatus(failed.getStatus());
            return p;
        });
        client.batch().v1().jobs().inNamespace(ns).withName(name).editStatus(j -> {
            j.setStatus(new JobStatusBuilder().withFailed(job.getSpec().getBackoffLimit() + 1).withActive(0)
                    .withConditions(new JobConditionBuilder().withType("Failed").withStatus("True")
                            .withReason(reason).withMessage("Job has reached the specified backoff limit").build())
                    .build());
            return j;
        });
    }

    public void deploymentAvailable(String ns, String name, int replicas) {
        client.apps().deployments().inNamespace(ns).withName(name).editStatus(d -> {
            d.setStatus(status(d, replicas));
            return d;
        });
    }

    private static io.fabric8.kubernetes.api.model.apps.DeploymentStatus status(Deployment d, int replicas) {
        return new DeploymentStatusBuilder().withObservedGeneration(d.getMetadata().getGeneration())
                .withReplicas(replicas).withReadyReplicas(replicas).withAvailableReplicas(replicas)
                .withUpdatedReplicas(replicas).build();
    }
}
