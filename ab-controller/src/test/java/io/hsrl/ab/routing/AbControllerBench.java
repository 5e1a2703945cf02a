package io.hsrl.ab.routing;

import io.hsrl.ab.AbConfig;
import io.hsrl.ab.TestAbConfig;
import io.hsrl.ab.events.EventStore;
import io.hsrl.ab.events.EventType;
import io.hsrl.ab.events.LogRecord;
import io.hsrl.ab.experiment.Arm;
import io.hsrl.ab.experiment.ExperimentKey;
import io.hsrl.ab.experiment.ExperimentRegistry;
import io.hsrl.ab.experiment.ExperimentRoute;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prints (never asserts) the controller's figures on loopback:
 * <ol>
 * <li>durable events/s: concurrent senders appending batches of 1 and 100 events, each acknowledged after fsync;</li>
 * <li>routing overhead: the router's forward (assignment, forwarding, exposure logging) minus a direct call to the
 * same serving endpoint, p50 and p99 (the ingress HTTP hop into the controller is not included).</li>
 * </ol>
 * Run: {@code mvn -q -o -pl ab-controller -am test-compile exec:java -Pbench} or from the IDE; args: [seconds] [dir].
 */
public final class AbControllerBench {
    private AbControllerBench() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("ab-bench");
        for (int batch : new int[] {1, 100}) {
            durableEvents(dir.resolve("events-" + batch), batch, seconds);
        }
        routingOverhead(dir.resolve("routing"), seconds);
    }

    static void durableEvents(Path dir, int batchSize, int seconds) throws Exception {
        int senders = 64;
        try (EventStore store = EventStore.open(EventStore.Settings.local(dir))) {
            AtomicLong events = new AtomicLong();
            AtomicLong ids = new AtomicLong();
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            List<Thread> threads = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                Thread t = new Thread(() -> {
                    while (System.nanoTime() < end) {
                        List<LogRecord> batch = new ArrayList<>(batchSize);
                        for (int i = 0; i < batchSize; i++) {
                            long id = ids.incrementAndGet();
                            batch.add(new LogRecord(EventType.CONVERSION, "ev-" + id, "bench/exp",
                                    (id & 1) == 0 ? Arm.CONTROL : Arm.TREATMENT, "u" + (id % 100_000), 1));
                        }
                        store.append(batch).join();
                        events.addAndGet(batchSize);
                    }
                });
                t.start();
                threads.add(t);
            }
            for (Thread t : threads) {
                t.join();
            }
            System.out.printf("durable events/s, batch %3d, %d concurrent senders: %,.0f%n", batchSize, senders,
                    events.get() / (double) seconds);
        }
    }

    static void routingOverhead(Path dir, int seconds) throws Exception {
        try (FakeServing serving = new FakeServing("control");
             FakeServing treatment = new FakeServing("treatment");
             EventStore store = EventStore.open(EventStore.Settings.local(dir))) {
            ExperimentRegistry registry = new ExperimentRegistry();
            ExperimentKey key = new ExperimentKey("bench", "routing");
            registry.put(new ExperimentRoute(key, "s", 50, serving.endpoint(), treatment.endpoint(), null));
            Router router = new Router(config(), registry, store, new SimpleMeterRegistry());
            HttpClient direct = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            byte[] body = "{\"userId\":\"u\",\"history\":[1,2,3],\"slateSize\":10}".getBytes(StandardCharsets.UTF_8);
            long[] directNs = measure(seconds, i -> {
                HttpRequest r = HttpRequest.newBuilder(URI.create(serving.endpoint() + "/v1/recommend"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                return direct.sendAsync(r, HttpResponse.BodyHandlers.ofByteArray()).thenApply(x -> null);
            });
            long[] routedNs = measure(seconds, i -> router.route(registry.find(key).orElseThrow(), "user-" + i, body)
                    .thenApply(x -> null));
            System.out.printf("direct call   p50 %.3f ms  p99 %.3f ms%n", pct(directNs, 0.5) / 1e6, pct(directNs, 0.99) / 1e6);
            System.out.printf("routed call   p50 %.3f ms  p99 %.3f ms%n", pct(routedNs, 0.5) / 1e6, pct(routedNs, 0.99) / 1e6);
            System.out.printf("routing overhead p50 %.3f ms  p99 %.3f ms%n", (pct(routedNs, 0.5) - pct(directNs, 0.5)) / 1e6,
                    (pct(routedNs, 0.99) - pct(directNs, 0.99)) / 1e6);
        }
    }

    interface Call {
        CompletableFuture<Void> run(long i);
    }

    /** Sequential calls (one in flight) for {@code seconds} after a warm-up; returns sorted latencies. */
    private static long[] measure(int seconds, Call call) {
        for (int i = 0; i < 2000; i++) {
            call.run(i).join();
        }
        long[] lat = new long[1 << 20];
        int n = 0;
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end && n < lat.length) {
            long t0 = System.nanoTime();
            call.run(n).join();
            lat[n++] = System.nanoTime() - t0;
        }
        long[] out = Arrays.copyOf(lat, n);
        Arrays.sort(out);
        return out;
    }

    private static double pct(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))];
    }

    private static AbConfig config() {
        return TestAbConfig.single(Path.of("."));
    }
}
