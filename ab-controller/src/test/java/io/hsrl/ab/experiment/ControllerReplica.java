package io.hsrl.ab.experiment;

import io.fabric8.kubernetes.client.KubernetesClient;
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
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

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
    private final ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor();
    private boolean closed;

    ControllerReplica(KubernetesClient client, String name, Path dataDir, String objectStoreDir, String namespace)
            throws IOException {
        this.name = name;
        TestAbConfig config = new TestAbConfig(dataDir, name, objectStoreDir, true, Duration.ofMillis(500), true,
                Optional.of(namespace));
        AggregatesLocation location = new AggregatesLocation(objectStoreDir, name);
        store = EventStore.open(new EventStore.Settings(dataDir, name, config.compactBytes(), objects, location::uri,
                n -> { }));
        var le = config.leaderElection();
        leadership = StatusLeadership.start(client, new StatusLeadership.Settings(true, namespace, le.leaseName(), name,
                le.leaseDuration(), le.renewDeadline(), le.retryPeriod()));
        // As the application is built (quarkus.operator-sdk.enable-ssa=false, see application.properties).
        operator = new Operator(o -> o.withKubernetesClient(client).withCloseClientOnStop(false)
                .withUseSSAToPatchPrimaryResource(false).withConcurrentReconciliationThreads(2));
        operator.register(new AbExperimentReconciler(registry, store, location, objects, config, leadership, metrics),
                c -> c.settingNamespace(namespace));
        operator.start();
        // As the application's scheduler does every status interval.
        publisher.scheduleWithFixedDelay(store::publish, 500, 500, TimeUnit.MILLISECONDS);
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
        publisher.shutdownNow();
        operator.stop();
        leadership.close();
        store.close();
        objects.close();
    }
}
