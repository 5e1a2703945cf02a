package io.hsrl.operator.artifact;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.hsrl.api.v1alpha1.HsrlTraining;
import io.hsrl.api.v1alpha1.SemanticIndex;
import io.hsrl.artifact.ArtifactLayout;
import io.hsrl.operator.config.OperatorConfig;
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
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();

    public ArtifactJanitor(KubernetesClient client, ObjectStore store, OperatorConfig config, ResourceGauges gauges,
            Operator operator) {
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
        if (!resource.isMarkedForDeletion() || !resource.hasFinalizer(ArtifactFinalizer.NAME)) {
            return;
        }
        String where = prefix.apply(resource);
        try {
            int n = store.deleteAll(where + "/");
            LOG.infof("deleted %d artefact(s) under %s of %s %s/%s", n, where, resource.getKind(),
                    resource.getMetadata().getNamespace(), resource.getMetadata().getName());
            client.resource(resource).edit(r -> {
                r.removeFinalizer(ArtifactFinalizer.NAME);
                return r;
            });
        } catch (IOException | KubernetesClientException e) {
            // the next update (or the informer's resync) tries again
            LOG.warnf("could not finish the deletion of %s %s/%s: %s", resource.getKind(),
                    resource.getMetadata().getNamespace(), resource.getMetadata().getName(), e.getMessage());
        }
    }
}
