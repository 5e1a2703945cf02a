package io.hsrl.operator.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Per-resource gauges beside JOSDK's reconciliation metrics (e.g. {@code hsrl_training_reward}), tagged with
 * kind, namespace and name, and removed when their resource goes.
 */
@ApplicationScoped
public class ResourceGauges {
    private final MeterRegistry registry;
    private final Map<Key, AtomicReference<Double>> values = new ConcurrentHashMap<>();

    public ResourceGauges(MeterRegistry registry) {
        this.registry = registry;
    }

    private record Key(String metric, String kind, String namespace, String name) {
    }

    /** Sets a gauge; null leaves it unset (NaN). */
    public void set(String metric, String kind, String namespace, String name, Double value) {
        Key key = new Key(metric, kind, namespace, name);
        AtomicReference<Double> holder = values.computeIfAbsent(key, k -> {
            AtomicReference<Double> ref = new AtomicReference<>(Double.NaN);
            Gauge.builder(metric, ref, r -> r.get() == null ? Double.NaN : r.get())
                    .tags(tags(k)).register(registry);
            return ref;
        });
        holder.set(value == null ? Double.NaN : value);
    }

    /** Removes every gauge of one resource. */
    public void remove(String kind, String namespace, String name) {
        values.keySet().removeIf(k -> {
            if (k.kind.equals(kind) && k.namespace.equals(namespace) && k.name.equals(name)) {
                Gauge g = registry.find(k.metric).tags(tags(k)).gauge();
                if (g != null) {
                    registry.remove(g);
                }
                return true;
            }
            return false;
        });
    }

    private static Tags tags(Key k) {
        return Tags.of("kind", k.kind, "namespace", k.namespace, "name", k.name);
    }
}
