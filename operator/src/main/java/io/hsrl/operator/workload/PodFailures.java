package io.hsrl.operator.workload;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.jboss.logging.Logger;

import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

/**
 * Why a Job's pod failed, from the container's termination state. The containers use
 * {@code terminationMessagePolicy: FallbackToLogsOnError}, so the message is the program's last lines
 * (its {@code error: ...} line).
 */
public final class PodFailures {
    private static final Logger LOG = Logger.getLogger(PodFailures.class);
    private static final int MAX_MESSAGE = 512;

    private PodFailures() {
    }

    public static Optional<String> of(KubernetesClient client, String namespace, String jobName) {
        try {
            return client.pods().inNamespace(namespace).withLabel("job-name", jobName).list().getItems().stream()
                    .sorted(Comparator.comparing((Pod p) -> p.getMetadata().getCreationTimestamp(),
                            Comparator.nullsFirst(Comparator.naturalOrder())).reversed())
                    .map(PodFailures::describe).filter(Objects::nonNull).findFirst();
        } catch (RuntimeException e) {
            // the Job's own message still goes to status; say why the pod's is missing (e.g. RBAC: pods list)
            LOG.warnf("could not read the pods of Job %s/%s: %s", namespace, jobName, e.getMessage());
            return Optional.empty();
        }
    }

    private static String describe(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return null;
        }
        for (ContainerStatus cs : pod.getStatus().getContainerStatuses()) {
            ContainerStateTerminated t = cs.getState() == null ? null : cs.getState().getTerminated();
            if (t != null && t.getExitCode() != null && t.getExitCode() != 0) {
                String msg = t.getMessage() == null ? "" : t.getMessage().strip();
                if (msg.length() > MAX_MESSAGE) {
                    msg = "..." + msg.substring(msg.length() - MAX_MESSAGE);
                }
                return "pod " + pod.getMetadata().getName() + ": " + (t.getReason() == null ? "Error" : t.getReason())
                        + " (exit code " + t.getExitCode() + ")" + (msg.isEmpty() ? "" : ": " + msg);
            }
        }
        return null;
    }
}
