package io.hsrl.ab.events;

import io.hsrl.ab.AbConfig;
import io.hsrl.store.ObjectStore;
import io.hsrl.store.ObjectStores;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/** Opens this replica's durable event store at start-up (recovering it) and closes it at shutdown. */
@ApplicationScoped
public class EventStoreProducer {
    private final AbConfig config;
    private final MeterRegistry metrics;
    private EventStore store;

    EventStoreProducer(AbConfig config, MeterRegistry metrics) {
        this.config = config;
        this.metrics = metrics;
    }

    @Produces
    @Singleton
    EventStore eventStore(ObjectStore objects) {
        Timer fsync = Timer.builder("hsrl.ab.fsync").description("Duration of one group-commit fsync of the event log")
                .publishPercentiles(0.5, 0.99).register(metrics);
        EventStore.Settings settings = new EventStore.Settings(config.dataDir(), config.replica(), config.compactBytes(),
                config.uploadAggregates() ? objects : null, aggregatesLocation()::uri, n -> fsync.record(n, TimeUnit.NANOSECONDS));
        try {
            store = EventStore.open(settings);
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the event log in " + config.dataDir() + ": " + e.getMessage(), e);
        }
    }

    void close(@Disposes EventStore s) {
        s.close();
    }

    @Produces
    @Singleton
    ObjectStore objectStore() {
        return ObjectStores.fromEnvironment();
    }

    void closeObjects(@Disposes ObjectStore s) {
        s.close();
    }

    @Produces
    @Singleton
    AggregatesLocation aggregatesLocation() {
        return new AggregatesLocation(config.store(), config.replica());
    }

    /**
     * The status writer merges what the other replicas published: each publishes its current aggregates this often
     * (compaction publishes too, but only every compact-interval).
     */
    @Scheduled(every = "${hsrl.ab.status-interval:10s}", delayed = "${hsrl.ab.status-interval:10s}")
    void publishPeriodically() {
        if (store != null && config.uploadAggregates()) {
            store.publish();
        }
    }

    @Scheduled(every = "${hsrl.ab.compact-interval:60s}", delayed = "30s")
    void compactPeriodically() {
        if (store != null) {
            store.compact();
        }
    }
}
