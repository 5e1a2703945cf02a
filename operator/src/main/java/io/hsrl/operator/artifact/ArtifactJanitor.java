package io.hsrl.operator.artifact;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.CustomResource;
import io.hsrl.api.v1alpha1.BaseStatus;
import io.hsrl.api.v1alpha1.HsrlApi;
import io.hsrl.api.v1alpha1.HsrlTraining;
import io.hsrl.api.v1alpha1.SemanticIndex;
import io.hsrl.artifact.ArtifactLayout;
import io.hsrl.operator.config.OperatorConfig;
import io.hsrl.operator.events.EventRecorder;
import io.hsrl.operator.status.Failure;
import io.hsrl.operator.status.States;
import io.hsrl.operator.metrics.ResourceGauges;
import io.hsrl.operator.workload.WorkloadPod;
import io.hsrl.store.ObjectStore;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Finishes deletions: a resource with {@code artifacts: Delete} holds {@link ArtifactFinalizer#NAME}; when it is
 * deleted, its object-store prefix goes, then the finalizer. Also drops a deleted resource's gauges.
 *
 * <p>Why not in the reconcilers: JOSDK dispatches a resource marked for deletion only to a {@code Cleaner}, which
 * puts its finalizer on every resource; JOSDK's "all events" mode would allow a selective finalizer, but QOSDK 7.7.3
 * does not carry that setting to run time. Deleting a prefix twice is harmless, so every replica may run this.
 */
@ApplicationScoped
public class ArtifactJanitor {
    private static final Logger LOG = Logger.getLogger(ArtifactJanitor.class);

    private final KubernetesClient client;
    private final ObjectStore store;
    private final OperatorConfig config;
    private final ResourceGauges gauges;
    private final Operator operator;
    private final EventRecorder events;
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private final Map<String, Integer> attempts = new ConcurrentHashMap<>();
    private final Map<String, ScheduledFuture<?>> pending = new ConcurrentHashMap<>();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "artifact-janitor-retry");
        t.setDaemon(true);
        return t;
    });
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(2);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

    public ArtifactJanitor(KubernetesClient client, ObjectStore store, OperatorConfig config, ResourceGauges gauges,
            Operator operator, EventRecorder events) {
        this.events = events;
        this.client = client;
        this.store = store;
        this.config = config;
        this.gauges = gauges;
        this.operator = operator;
    }

    void start(@Observes StartupEvent event) {
        watch(SemanticIndex.class, "semanticindex", idx -> ArtifactLayout.indexRoot(
                WorkloadPod.bucket(idx.getSpec().objectStore, config), idx.getMetadata().getNamespace(),
                idx.getMetadata().getName(), idx.getMetadata().getUid()));
        watch(HsrlTraining.class, "hsrltraining", t -> ArtifactLayout.trainingPrefix(
                WorkloadPod.bucket(t.getSpec().objectStore, config), t.getMetadata().getNamespace(),
                t.getMetadata().getName(), t.getMetadata().getUid()));
    }

    void stop(@Observes ShutdownEvent event) {
        informers.forEach(SharedIndexInformer::close);
        retries.shutdownNow();
    }

    private <T extends HasMetadata> void watch(Class<T> type, String controller, Function<T, String> prefix) {
        Set<String> namespaces = operator.getRegisteredController(controller)
                .map(c -> c.getConfiguration().getInformerConfig().getNamespaces())
                .orElse(Set.of(Constants.WATCH_ALL_NAMESPACES));
        ResourceEventHandler<T> handler = new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                finish(obj, prefix);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                finish(newObj, prefix);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                gauges.remove(obj.getKind(), obj.getMetadata().getNamespace(), obj.getMetadata().getName());
            }
        };
        if (namespaces.contains(Constants.WATCH_ALL_NAMESPACES)) {
            informers.add(client.resources(type).inAnyNamespace().inform(handler));
        } else {
            for (String ns : namespaces) {
                String resolved = Constants.WATCH_CURRENT_NAMESPACE.equals(ns) ? client.getNamespace() : ns;
                informers.add(client.resources(type).inNamespace(resolved).inform(handler));
            }
        }
    }

    private <T extends HasMetadata> void finish(T resource, Function<T, String> prefix) {
        finish(resource, prefix, false);
    }

    /** {@code retry}: a scheduled retry; an update event only tries before the back-off allows, to abandon. */
    private <T extends HasMetadata> void finish(T resource, Function<T, String> prefix, boolean retry) {
        if (!resource.isMarkedForDeletion() || !resource.hasFinalizer(ArtifactFinalizer.NAME)) {
            return;
        }
        String key = resource.getKind() + "/" + resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
        ScheduledFuture<?> scheduled = pending.get(key);
        if (!retry && !abandons(resource) && scheduled != null && !scheduled.isDone()) {
            return;
        }
        String where = prefix.apply(resource);
        try {
            if (abandons(resource)) {
                events.normal(resource, "ArtifactsAbandoned", "Annotation " + HsrlApi.ABANDON_ARTIFACTS
                        + " is true: the deletion finishes and the artefacts under " + where + " are left in place");
            } else {
                int n = store.deleteAll(where + "/");
                LOG.infof("deleted %d artefact(s) under %s of %s", n, where, key);
            }
            client.resource(resource).edit(r -> {
                r.removeFinalizer(ArtifactFinalizer.NAME);
                return r;
            });
            attempts.remove(key);
            pending.remove(key);
        } catch (RuntimeException | IOException e) {
            blocked(resource, key, where, prefix, e);
        }
    }

    static boolean abandons(HasMetadata resource) {
        var annotations = resource.getMetadata().getAnnotations();
        return annotations != null && "true".equalsIgnoreCase(annotations.get(HsrlApi.ABANDON_ARTIFACTS));
    }

    /**
     * The deletion cannot finish: the resource says so (condition Deleting with the reason, a Warning event when the
     * reason is new) and the janitor tries again with back-off (2 s doubling to 5 min), besides every update.
     */
    private <T extends HasMetadata> void blocked(T resource, String key, String where, Function<T, String> prefix,
            Exception e) {
        Failure failure = Failure.of(e);
        int attempt = attempts.merge(key, 1, Integer::sum);
        long delay = Math.min(MAX_BACKOFF.toMillis(), FIRST_BACKOFF.toMillis() << Math.min(20, attempt - 1));
        String message = "the artefacts under " + where + " could not be deleted (" + failure.reason() + ": "
                + failure.message() + "); retrying with back-off. To finish the deletion and leave them, annotate "
                + "the resource " + HsrlApi.ABANDON_ARTIFACTS + "=true";
        LOG.warnf("could not finish the deletion of %s (attempt %d, next in %d s): %s", key, attempt,
                Duration.ofMillis(delay).toSeconds(), message);
        try {
            @SuppressWarnings("unchecked")
            T fresh = (T) client.resource(resource).get();
            if (fresh instanceof CustomResource<?, ?> cr && cr.getStatus() instanceof BaseStatus status) {
                boolean news = status.setCondition(States.DELETING, true, failure.reason(), message,
                        fresh.getMetadata().getGeneration());
                news |= status.setCondition(HsrlApi.READY, false, "Deleting", message, fresh.getMetadata().getGeneration());
                if (news) {
                    // only on news: the write comes back as an update, which must not start another attempt loop
                    States.derive(status);
                    client.resource(fresh).patchStatus();
                    events.warning(fresh, "DeletionBlocked", message);
                }
            }
        } catch (RuntimeException statusError) {
            LOG.warnf("could not record the blocked deletion of %s: %s", key, statusError.getMessage());
        }
        ScheduledFuture<?> previous = pending.get(key);
        if (previous != null && !previous.isDone()) {
            return;
        }
        pending.put(key, retries.schedule(() -> {
            try {
                pending.remove(key);
                @SuppressWarnings("unchecked")
                T latest = (T) client.resource(resource).get();
                if (latest != null) {
                    finish(latest, prefix, true);
                } else {
                    attempts.remove(key);
                }
            } catch (RuntimeException again) {
                LOG.warnf("retrying the deletion of %s failed: %s", key, again.getMessage());
            }
        }, delay, TimeUnit.MILLISECONDS));
    }
}
