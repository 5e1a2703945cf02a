package io.hsrl.serving;

import io.hsrl.contracts.PolicyMode;
import io.hsrl.serving.model.LoadedPolicy;
import io.hsrl.serving.model.ModelLoader;
import io.hsrl.serving.model.PolicyFactory;
import io.hsrl.serving.model.PolicyOptions;
import io.hsrl.serving.model.SlateRequest;
import io.hsrl.serving.testing.TestModels;
import io.hsrl.store.ObjectStores;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load benchmark of the policy server (prints figures; never asserts): for catalogues of 10k and 100k items it
 * publishes a seeded HSRL model (synthetic RL4RS data, a real SID index, an initialised Hierarchical Policy: the
 * network's cost does not depend on training), starts the packaged server ({@code target/quarkus-app/quarkus-run.jar})
 * on loopback with it, drives
 * {@code POST /v1/recommend} (slate 10, history 20) from 1, 8 and 64 closed-loop clients, and reports throughput and
 * p50/p99 latency; beside it, the in-process forward-pass throughput of the same model (the limit).
 *
 * <pre>mvn -B -q -o -pl serving-image -am -Pserving-bench verify -DskipTests   (see README "Serving benchmark")</pre>
 * System properties: {@code bench.items} (10000,100000), {@code bench.concurrency} (1,8,64), {@code bench.seconds}
 * (8), {@code bench.mode} (hsrl or reference), {@code bench.maxWait} (the server's batching max-wait, 2ms),
 * {@code bench.waitPolicy} (the server's batching wait policy, under-load), {@code bench.rates} (open-loop arrival
 * rates in requests/s, 200: requests are sent on a fixed schedule whatever the responses do, and latency is measured
 * from each request's scheduled time, so a slow response cannot hide the queueing it causes).
 */
public final class ServingBench {
    private static final int SLATE = 10;
    private static final int HISTORY = 20;

    public static void main(String[] args) throws Exception {
        int[] catalogues = ints(System.getProperty("bench.items", "10000,100000"));
        int[] concurrency = ints(System.getProperty("bench.concurrency", "1,8,64"));
        int seconds = Integer.getInteger("bench.seconds", 8);
        int[] rates = ints(System.getProperty("bench.rates", "200"));
        PolicyMode mode = PolicyMode.parse(System.getProperty("bench.mode", "hsrl"));
        Path jar = Path.of(System.getProperty("bench.jar", "target/quarkus-app/quarkus-run.jar")).toAbsolutePath();
        System.out.printf("ServingBench: %d cores, %s mode, slate %d, history %d, %ds per point, max-wait %s, server %s%n",
                Runtime.getRuntime().availableProcessors(), mode.value(), SLATE, HISTORY, seconds,
                System.getProperty("bench.maxWait", "2ms"), jar);
        for (int items : catalogues) {
            Path dir = Files.createTempDirectory("hsrl-bench");
            TestModels.Published model;
            try (ObjectStores local = ObjectStores.from(Map.of())) {
                long t0 = System.nanoTime();
                model = TestModels.publish(local, dir.toString(), items, mode, 11);
                System.out.printf("items=%-6d model published (synthetic data, index, initialised policy) in %.1f s%n",
                        items, (System.nanoTime() - t0) / 1e9);
            }
            inProcess(model, items, seconds);
            overHttp(jar, model, items, concurrency, rates, seconds);
        }
    }

    private static void inProcess(TestModels.Published model, int items, int seconds) throws Exception {
        try (ObjectStores local = ObjectStores.from(Map.of());
             LoadedPolicy policy = PolicyFactory.create(new ModelLoader(local).load(model.latestUri()), local,
                     new PolicyOptions(16, "cpu"))) {
            for (int batch : new int[]{1, 8, 64}) {
                Random random = new Random(batch);
                List<SlateRequest> requests = new ArrayList<>();
                for (int i = 0; i < batch; i++) {
                    requests.add(new SlateRequest("u" + i, history(random, items), SLATE, new long[0]));
                }
                for (int i = 0; i < 20; i++) {
                    policy.recommend(requests);
                }
                long done = 0;
                long start = System.nanoTime();
                long end = start + Duration.ofSeconds(Math.max(1, seconds / 2)).toNanos();
                while (System.nanoTime() < end) {
                    policy.recommend(requests);
                    done += batch;
                }
                double rate = done / ((System.nanoTime() - start) / 1e9);
                System.out.printf("items=%-6d in-process forward pass  batch=%-3d %,10.0f slates/s  (load average %s)%n",
                        items, batch, rate, loadAverage());
            }
        }
    }

    private static void overHttp(Path jar, TestModels.Published model, int items, int[] concurrency, int[] rates,
                                 int seconds) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=" + port, "-Dai.djl.offline=true",
                "-Dhsrl.serving.batching.max-wait=" + System.getProperty("bench.maxWait", "2ms"),
                "-Dhsrl.serving.batching.wait-policy=" + System.getProperty("bench.waitPolicy", "under-load"),
                "-jar", jar.toString());
        pb.environment().put("HSRL_MODEL_URI", model.latestUri());
        pb.environment().put("DJL_OFFLINE", "true");
        pb.redirectErrorStream(true).redirectOutput(jar.getParent().resolve("bench-server.log").toFile());
        Process server = pb.start();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        try {
            awaitReady(client, port, server);
            for (int c : concurrency) {
                run(client, port, items, c, 2, false);
                Result r = run(client, port, items, c, seconds, true);
                System.out.printf("items=%-6d HTTP concurrency=%-3d %,8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  "
                                + "errors %d  server RSS %d MB  (load average %s)%n", items, c, r.rate, r.p50, r.p99,
                        r.errors, rssMb(server.pid()), loadAverage());
            }
            for (int rate : rates) {
                openLoop(client, port, items, rate, 2);
                Result r = openLoop(client, port, items, rate, seconds);
                System.out.printf("items=%-6d HTTP open loop %5d req/s offered: %,8.0f req/s done  p50 %6.2f ms  "
                                + "p99 %6.2f ms  errors %d  (load average %s)%n", items, rate, r.rate, r.p50, r.p99,
                        r.errors, loadAverage());
            }
        } finally {
            server.destroy();
            server.waitFor();
        }
    }

    private record Result(double rate, double p50, double p99, long errors) {
    }

    private static Result run(HttpClient client, int port, int items, int clients, int seconds, boolean measure)
            throws InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + port + "/v1/recommend");
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        long[][] latencies = new long[clients][];
        int[] counts = new int[clients];
        AtomicLong errors = new AtomicLong();
        CountDownLatch done = new CountDownLatch(clients);
        for (int t = 0; t < clients; t++) {
            int id = t;
            Thread th = new Thread(() -> {
                Random random = new Random(id);
                long[] lat = new long[1 << 16];
                int n = 0;
                try {
                    while (System.nanoTime() < end) {
                        String body = "{\"userId\":\"u" + id + "\",\"history\":" + Arrays.toString(history(random, items))
                                + ",\"slateSize\":" + SLATE + "}";
                        HttpRequest req = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                        long t0 = System.nanoTime();
                        HttpResponse<String> resp = client.send(req, HttpResponse.BodyHandlers.ofString());
                        long dt = System.nanoTime() - t0;
                        if (resp.statusCode() != 200) {
                            errors.incrementAndGet();
                        }
                        if (n == lat.length) {
                            lat = Arrays.copyOf(lat, n * 2);
                        }
                        lat[n++] = dt;
                    }
                } catch (IOException | InterruptedException e) {
                    errors.incrementAndGet();
                } finally {
                    latencies[id] = lat;
                    counts[id] = n;
                    done.countDown();
                }
            });
            th.setDaemon(true);
            th.start();
        }
        done.await();
        if (!measure) {
            return null;
        }
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int k = 0;
        for (int t = 0; t < clients; t++) {
            System.arraycopy(latencies[t], 0, all, k, counts[t]);
            k += counts[t];
        }
        Arrays.sort(all);
        return new Result(total / (double) seconds, percentile(all, 0.50), percentile(all, 0.99), errors.get());
    }

    /** Fixed-rate arrivals; latency counts from each request's scheduled send time (no coordinated omission). */
    private static Result openLoop(HttpClient client, int port, int items, int rate, int seconds)
            throws InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + port + "/v1/recommend");
        int total = rate * seconds;
        long period = 1_000_000_000L / rate;
        long[] latencies = new long[total];
        AtomicLong errors = new AtomicLong();
        CountDownLatch done = new CountDownLatch(total);
        Random random = new Random(rate);
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long scheduled = start + i * period;
            long wait;
            while ((wait = scheduled - System.nanoTime()) > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
            String body = "{\"userId\":\"o" + i + "\",\"history\":" + Arrays.toString(history(random, items))
                    + ",\"slateSize\":" + SLATE + "}";
            HttpRequest req = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            int slot = i;
            client.sendAsync(req, HttpResponse.BodyHandlers.ofString()).whenComplete((resp, error) -> {
                latencies[slot] = System.nanoTime() - scheduled;
                if (error != null || resp.statusCode() != 200) {
                    errors.incrementAndGet();
                }
                done.countDown();
            });
        }
        done.await(seconds + 60L, java.util.concurrent.TimeUnit.SECONDS);
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        return new Result(total / elapsed, percentile(sorted, 0.50), percentile(sorted, 0.99), errors.get());
    }

    private static double percentile(long[] sorted, double q) {
        return sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, q * sorted.length)] / 1e6;
    }

    private static long[] history(Random random, int items) {
        long[] h = new long[HISTORY];
        for (int i = 0; i < h.length; i++) {
            h[i] = 1 + random.nextInt(items); // synthetic catalogue ids are 1..N
        }
        return h;
    }

    private static void awaitReady(HttpClient client, int port, Process server) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build();
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException("server exited with " + server.exitValue() + " (see bench-server.log)");
            }
            try {
                if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("server not ready within 120 s (see bench-server.log)");
    }

    private static long rssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** The machine's 1-minute load average: figures from a shared, busy machine say so. */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    private static int[] ints(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
    }
}
