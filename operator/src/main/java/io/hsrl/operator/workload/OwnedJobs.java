package io.hsrl.operator.workload;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import org.jboss.logging.Logger;

import java.net.HttpURLConnection;
import java.util.Optional;

/**
 * The Jobs of the Job-based kinds. A Job's pod template is immutable, so a Job is created once per generation under
 * a deterministic name and replaced (delete, then create) rather than updated; a create that finds the name taken
 * (a retried reconcile, a restarted operator whose cache is still filling) is not an error.
 */
public final class OwnedJobs {
    private static final Logger LOG = Logger.getLogger(OwnedJobs.class);

    private OwnedJobs() {
    }

    /** The Job named {@code name} among the primary's secondary Jobs (the informer's cache). */
    public static Optional<Job> find(Context<? extends HasMetadata> context, String name) {
        return context.getSecondaryResources(Job.class).stream()
                .filter(j -> name.equals(j.getMetadata().getName())).findFirst();
    }

    /** Creates the Job; returns false when one of that name already exists. */
    public static boolean create(KubernetesClient client, Job job) {
        try {
            client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace()).resource(job).create();
            LOG.infof("created Job %s/%s", job.getMetadata().getNamespace(), job.getMetadata().getName());
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                return false;
            }
            throw e;
        }
    }

    /** Deletes the Job and (in the background) its pods. */
    public static void delete(KubernetesClient client, String namespace, String name) {
        client.batch().v1().jobs().inNamespace(namespace).withName(name)
                .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        LOG.infof("deleted Job %s/%s", namespace, name);
    }

    /** The generation a Job was made for (its annotation), or -1. */
    public static long generationOf(Job job) {
        var annotations = job.getMetadata().getAnnotations();
        String g = annotations == null ? null : annotations.get(Ownership.GENERATION);
        try {
            return g == null ? -1 : Long.parseLong(g);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
