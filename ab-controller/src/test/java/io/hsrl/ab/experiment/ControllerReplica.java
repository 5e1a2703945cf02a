package io.hsrl.ab.experiment;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.hsrl.ab.TestAbConfig;
import io.hsrl.ab.events.AggregatesLocation;
import io.hsrl.ab.events.EventStore;
import io.hsrl.ab.leadership.StatusLeadership;
import io.hsrl.store.ObjectStore;
import io.hsrl.store.ObjectStores;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One replica of the controller outside Quarkus: its own event store (own data dir), route registry, status
 * leadership and a JOSDK operator running the reconciler, sharing the API server and the object store with the
 * others — what a pod of the StatefulSet is, minus the HTTP endpoints.
 */
final class ControllerReplica implements AutoCloseable {
    final String name;
    final EventStore store;
    final ExperimentRegistry registry = new ExperimentRegistry();
    final StatusLeadership leadership;
    final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final ObjectStore objects = ObjectStores.from(Map.of());
    private final Operator operator;
    private boolean closed;

    /**
     * @param useSsa patch status with server-side apply, as the production build does (a real API server only)
     */
    ControllerReplica(KubernetesClient client, String name, Path dataDir, String objectStoreDir, String namespace,
            boolean useSsa) throws IOException {
        this.name = name;
        TestAbConfig config = new TestAbConfig(dataDir, name, objectStoreDir, true, Duration.ofMillis(500), true,
                Optional.of(namespace));
        AggregatesLocation location = new AggregatesLocation(objectStoreDir, name);
        store = EventStore.open(new EventStore.Settings(dataDir, name, config.compactBytes(), objects, location::uri,
                n -> { }));
        var le = config.leaderElection();
        leadership = StatusLeadership.start(client, new StatusLeadership.Settings(true, namespace, le.leaseName(), name,
                le.leaseDuration(), le.renewDeadline(), le.retryPeriod()));
        operator = new Operator(o -> o.withKubernetesClient(client).withCloseClientOnStop(false)
                .withUseSSAToPatchPrimaryResource(useSsa).withConcurrentReconciliationThreads(2));
        operator.register(new AbExperimentReconciler(registry, store, location, objects, config, leadership, metrics),
                c -> c.settingNamespace(namespace));
        operator.start();
    }

    /** Status writes this replica made. */
    long statusWrites() {
        Counter c = metrics.find("hsrl.ab.status.writes").counter();
        return c == null ? 0 : (long) c.count();
    }

    /** Publishes this replica's aggregates for the status writer and waits until they are in the object store. */
    void publish() {
        store.publish();
        store.awaitUploads();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        operator.stop();
        leadership.close();
        store.close();
        objects.close();
    }

    /** Creates (or updates) the CRDs from crds/: 1.20 rejects server-side apply of CRDs with CEL rules. */
    static void installCrds(KubernetesClient client) throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("hsrl.crds.dir", "../crds")))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
                    client.resource(crd).createOr(NonDeletingOperation::update);
                }
            }
        }
    }
}
