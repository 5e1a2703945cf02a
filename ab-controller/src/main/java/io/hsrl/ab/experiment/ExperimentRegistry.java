package io.hsrl.ab.experiment;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The experiments this replica routes, kept current by the reconciler, and the router's own counters that the
 * reconciler reports on the status.
 */
@ApplicationScoped
public class ExperimentRegistry {
    private final Map<ExperimentKey, ExperimentRoute> routes = new ConcurrentHashMap<>();
    private final Map<ExperimentKey, AtomicLong> fallbacks = new ConcurrentHashMap<>();

    public void put(ExperimentRoute route) {
        routes.put(route.key(), route);
    }

    public void remove(ExperimentKey key) {
        routes.remove(key);
    }

    public Optional<ExperimentRoute> find(ExperimentKey key) {
        return Optional.ofNullable(routes.get(key));
    }

    public void countFallback(ExperimentKey key) {
        fallbacks.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
    }

    public long fallbacks(ExperimentKey key) {
        AtomicLong a = fallbacks.get(key);
        return a == null ? 0 : a.get();
    }
}
