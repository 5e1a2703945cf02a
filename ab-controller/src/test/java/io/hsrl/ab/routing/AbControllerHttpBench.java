package io.hsrl.ab.routing;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.hsrl.ab.TestCrds;
import io.hsrl.ab.experiment.Arm;
import io.hsrl.ab.experiment.ExperimentKey;
import io.hsrl.api.v1alpha1.AbExperiment;
import io.hsrl.api.v1alpha1.ExperimentArm;
import io.hsrl.api.v1alpha1.HsrlServing;
import io.hsrl.api.v1alpha1.HsrlServingStatus;
import io.hsrl.api.v1alpha1.ModelSource;

import java.io.IOException;
import java.net.ServerSocket;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prints (never asserts) the controller's figures at the HTTP level, on loopback: the packaged application
 * ({@code ab-controller/target/quarkus-app/quarkus-run.jar}) runs as its own process against a real API server
 * (a kubeconfig: kapi), and this process is its client.
 * <ol>
 * <li>durable events/s through {@code POST /v1/events}: concurrent senders, batches of 1 and 100 events, each answer
 * 200 only after the group-commit fsync;</li>
 * <li>routing overhead: {@code POST /v1/recommend} through the controller minus a direct call to the same serving
 * endpoint, p50 and p99, one call in flight.</li>
 * </ol>
 * Args: kubeconfig [seconds] [senders]. The machine's load average is printed beside the figures.
 */
public final class AbControllerHttpBench {
    private static final String TOKEN = "bench-token";

    private AbControllerHttpBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: AbControllerHttpBench <kubeconfig> [seconds] [senders]");
            System.exit(2);
        }
        Path kubeconfig = Path.of(args[0]);
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int senders = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        Path jar = Path.of(System.getProperty("hsrl.ab.jar", "ab-controller/target/quarkus-app/quarkus-run.jar"));
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " not found: build it with mvn -pl ab-controller -am package -DskipTests");
        }
        Path dir = Files.createTempDirectory("ab-http-bench");
        String ns = "hsrl-ab-bench-" + Long.toHexString(System.nanoTime() & 0xffffff);
        ExperimentKey key = new ExperimentKey(ns, "bench");
        try (KubernetesClient kube = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig))).build();
             FakeServing control = new FakeServing("control");
             FakeServing treatment = new FakeServing("treatment")) {
            setUp(kube, ns, control, treatment);
            int port = freePort();
            Process app = start(jar, kubeconfig, dir, ns, port);
            try {
                String base = "http://127.0.0.1:" + port;
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                awaitRouting(http, base, key, app, dir);
                System.out.println("load average before: " + loadAverage());
                for (int batch : new int[] {1, 100}) {
                    events(http, base, key, batch, senders, seconds);
                    System.out.println("  controller's fsyncs so far: " + fsyncs(http, base));
                }
                routing(http, base, control.endpoint(), key, seconds);
                System.out.println("load average after:  " + loadAverage());
            } finally {
                app.destroy();
                app.waitFor(20, TimeUnit.SECONDS);
                kube.namespaces().withName(ns).delete();
            }
        }
        System.exit(0); // the HTTP clients' selector threads would keep the JVM alive
    }

    private static void setUp(KubernetesClient kube, String ns, FakeServing control, FakeServing treatment)
            throws IOException {
        TestCrds.installAndAwait(kube);
        kube.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
        for (var s : List.of(new String[] {"ctl", control.endpoint()}, new String[] {"trt", treatment.endpoint()})) {
            HsrlServing serving = new HsrlServing();
            serving.setMetadata(new ObjectMetaBuilder().withName(s[0]).withNamespace(ns).build());
            serving.getSpec().model = new ModelSource();
            serving.getSpec().model.checkpointUri = "s3://hsrl/bench/" + s[0] + "/latest.json"; // required by the schema
            serving = kube.resources(HsrlServing.class).inNamespace(ns).resource(serving).create();
            serving.setStatus(new HsrlServingStatus());
            serving.getStatus().endpoint = s[1];
            kube.resources(HsrlServing.class).inNamespace(ns).resource(serving).updateStatus();
        }
        AbExperiment x = new AbExperiment();
        x.setMetadata(new ObjectMetaBuilder().withName("bench").withNamespace(ns).build());
        x.getSpec().control = new ExperimentArm("ctl");
        x.getSpec().treatment = new ExperimentArm("trt");
        x.getSpec().minUsersPerArm = 1_000_000_000L; // never concludes: routing stays 50/50
        kube.resources(AbExperiment.class).inNamespace(ns).resource(x).create();
    }

    private static Process start(Path jar, Path kubeconfig, Path dir, String ns, int port) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-Xmx512m", "-jar", jar.toAbsolutePath().toString());
        var env = pb.environment();
        env.put("KUBECONFIG", kubeconfig.toAbsolutePath().toString());
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("HSRL_AB_DATA_DIR", dir.resolve("data").toString());
        env.put("HSRL_AB_EVENTS_TOKEN", TOKEN);
        env.put("HSRL_AB_UPLOAD_AGGREGATES", "false");
        env.put("HSRL_AB_REPLICA", "bench");
        env.put("HSRL_AB_DEFAULT_NAMESPACE", ns);
        env.put("HSRL_AB_LEADER_ELECTION_LEASE_NAMESPACE", ns);
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("app.log").toFile());
        return pb.start();
    }

    private static void awaitRouting(HttpClient http, String base, ExperimentKey key, Process app, Path dir)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (true) {
            if (!app.isAlive()) {
                throw new IllegalStateException("the controller exited:\n" + Files.readString(dir.resolve("app.log")));
            }
            try {
                if (post(http, base + "/v1/recommend", recommendBody("warm-up", key), null).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the controller did not route within 180 s; log in " + dir.resolve("app.log"));
            }
            Thread.sleep(500);
        }
    }

    static void events(HttpClient http, String base, ExperimentKey key, int batchSize, int senders, int seconds)
            throws Exception {
        // Exposure ids as the router issues them: events need no lookup.
        String[] exposures = new String[1000];
        for (int u = 0; u < exposures.length; u++) {
            exposures[u] = new ExposureId(key, (u & 1) == 0 ? Arm.CONTROL : Arm.TREATMENT, "u" + u).encode();
        }
        AtomicLong ids = new AtomicLong();
        AtomicLong accepted = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        String run = Long.toHexString(System.nanoTime());
        // Warm-up (JIT, connections), not counted.
        long warmEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(1, seconds / 2));
        long end = warmEnd + TimeUnit.SECONDS.toNanos(seconds);
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            Thread t = new Thread(() -> {
                StringBuilder b = new StringBuilder(128 * batchSize);
                while (System.nanoTime() < end) {
                    b.setLength(0);
                    b.append("{\"events\":[");
                    for (int i = 0; i < batchSize; i++) {
                        long id = ids.incrementAndGet();
                        b.append(i == 0 ? "" : ",").append("{\"eventId\":\"").append(run).append('-').append(id)
                                .append("\",\"exposureId\":\"").append(exposures[(int) (id % exposures.length)])
                                .append("\",\"type\":\"conversion\",\"value\":1}");
                    }
                    b.append("]}");
                    try {
                        boolean ok = post(http, base + "/v1/events", b.toString(), TOKEN).statusCode() == 200;
                        long now = System.nanoTime();
                        if (now > warmEnd && now < end) {
                            (ok ? accepted : failed).addAndGet(ok ? batchSize : 1);
                        }
                    } catch (IOException | InterruptedException e) {
                        failed.incrementAndGet();
                    }
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        System.out.printf("POST /v1/events durable events/s, batch %3d, %d concurrent senders: %,.0f (%d failed requests)%n",
                batchSize, senders, accepted.get() / (double) seconds, failed.get());
    }

    static void routing(HttpClient http, String base, String direct, ExperimentKey key, int seconds) throws Exception {
        long[] directNs = measure(seconds, i -> post(http, Router.recommendUri(direct).toString(),
                "{\"userId\":\"u" + i + "\",\"history\":[1,2,3],\"slateSize\":10}", null));
        long[] routedNs = measure(seconds, i -> post(http, base + "/v1/recommend", recommendBody("u" + i, key), null));
        System.out.printf("direct call  p50 %.3f ms  p99 %.3f ms (%d calls)%n", pct(directNs, 0.5) / 1e6,
                pct(directNs, 0.99) / 1e6, directNs.length);
        System.out.printf("routed call  p50 %.3f ms  p99 %.3f ms (%d calls)%n", pct(routedNs, 0.5) / 1e6,
                pct(routedNs, 0.99) / 1e6, routedNs.length);
        System.out.printf("routing overhead (HTTP hop into the controller included) p50 %.3f ms  p99 %.3f ms%n",
                (pct(routedNs, 0.5) - pct(directNs, 0.5)) / 1e6, (pct(routedNs, 0.99) - pct(directNs, 0.99)) / 1e6);
    }

    /** The controller's own fsync figures (count, p50, p99): how busy the disk was. */
    private static String fsyncs(HttpClient http, String base) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        StringBuilder b = new StringBuilder();
        r.body().lines().filter(l -> l.startsWith("hsrl_ab_fsync_seconds{") || l.startsWith("hsrl_ab_fsync_seconds_count"))
                .forEach(l -> b.append(l.replace("hsrl_ab_fsync_seconds", "")).append("  "));
        return b.toString().trim();
    }

    private static String recommendBody(String user, ExperimentKey key) {
        return "{\"userId\":\"" + user + "\",\"history\":[1,2,3],\"slateSize\":10,\"experiment\":\"" + key + "\"}";
    }

    interface Call {
        HttpResponse<byte[]> run(long i) throws Exception;
    }

    /** Sequential calls (one in flight) for {@code seconds} after a warm-up; returns sorted latencies. */
    private static long[] measure(int seconds, Call call) throws Exception {
        for (int i = 0; i < 2000; i++) {
            check(call.run(i));
        }
        long[] lat = new long[1 << 20];
        int n = 0;
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end && n < lat.length) {
            long t0 = System.nanoTime();
            HttpResponse<byte[]> r = call.run(n);
            lat[n++] = System.nanoTime() - t0;
            check(r);
        }
        long[] out = Arrays.copyOf(lat, n);
        Arrays.sort(out);
        return out;
    }

    private static void check(HttpResponse<byte[]> r) {
        if (r.statusCode() != 200) {
            throw new IllegalStateException(r.uri() + " answered " + r.statusCode() + ": "
                    + new String(r.body(), StandardCharsets.UTF_8));
        }
    }

    private static HttpResponse<byte[]> post(HttpClient http, String uri, String body, String token)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static double pct(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))];
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "n/a";
        }
    }
}
