package io.hsrl.serving;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The server's Prometheus metrics (exported at {@code /q/metrics}), names under {@code hsrl_serving_}. */
@ApplicationScoped
public class ServingMetrics {
    private final MeterRegistry registry;
    private final DistributionSummary batchSize;
    private final DistributionSummary decodeDepth;
    private final Counter unknownItems;
    private final Map<Integer, Timer> requestTimers = new ConcurrentHashMap<>();

    public ServingMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.batchSize = DistributionSummary.builder("hsrl.serving.batch.size")
                .description("Requests per forward pass").serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128)
                .register(registry);
        this.decodeDepth = DistributionSummary.builder("hsrl.serving.decode.depth")
                .description("Decoding levels per slate (SID length in hsrl mode)").register(registry);
        this.unknownItems = Counter.builder("hsrl.serving.history.unknown.items")
                .description("History item ids the model does not know (ignored)").register(registry);
    }

    /** One answered {@code /v1/recommend}: count and latency by HTTP status. */
    public void request(int status, long nanos) {
        requestTimers.computeIfAbsent(status, s -> Timer.builder("hsrl.serving.requests")
                .description("Recommendation requests by HTTP status, with latency")
                .tag("status", Integer.toString(s))
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry)).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    public void batch(int size) {
        batchSize.record(size);
    }

    public void slate(int depth, int unknown) {
        decodeDepth.record(depth);
        if (unknown > 0) {
            unknownItems.increment(unknown);
        }
    }
}
