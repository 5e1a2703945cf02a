package io.hsrl.operator.realapi;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.hsrl.api.v1alpha1.BaseStatus;
import io.hsrl.api.v1alpha1.HsrlServing;
import io.hsrl.api.v1alpha1.ModelSource;
import io.hsrl.api.v1alpha1.SemanticIndex;
import io.hsrl.operator.testing.Fixtures;
import io.hsrl.store.ObjectStore;
import io.hsrl.store.ObjectStores;
import io.hsrl.store.testing.S3ProxyServer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Benchmark of the packaged operator (target/quarkus-app/quarkus-run.jar, production profile: server-side apply,
 * leader election) on a real API server, running as its ServiceAccount with the shipped RBAC, in a JVM sized like
 * its pod (memory limit 512Mi, the Dockerfile's flags). Prints: time from CR create to the owned Job (SemanticIndex)
 * and Deployment (HsrlServing) being created, p50/p99 over {@code bench.latency} resources of each kind, created one
 * at a time; then the operator's steady-state RSS once {@code bench.total} resources are reconciled.
 *
 * <pre>
 * HSRL_TEST_KUBECONFIG=/tmp/kapi/run/kubeconfig mvn -B -q -o -pl operator -am -Poperator-bench verify -DskipTests
 * </pre>
 * (kapi started with KAPI_AUTHZ=RBAC for the RBAC to matter, and SVC_CIDR=10.0.0.0/16: its default /24 holds 254
 * Services; -Dbench.latency=200 -Dbench.total=1000 -Dbench.paceMillis=50 by default.)
 */
public final class OperatorBench {
    private static final long SECOND = 1_000_000_000L;

    private OperatorBench() {
    }

    public static void main(String[] args) throws Exception {
        int latencyCount = Integer.getInteger("bench.latency", 200);
        int total = Integer.getInteger("bench.total", 1000);
        long paceMillis = Long.getLong("bench.paceMillis", 50);
        Path jar = Path.of(System.getProperty("bench.jar", "target/quarkus-app/quarkus-run.jar"));
        if (System.getenv(RealApiServer.KUBECONFIG_ENV) == null || !Files.exists(jar)) {
            System.err.println("usage: HSRL_TEST_KUBECONFIG=<kubeconfig> and a packaged operator at " + jar);
            System.exit(2);
        }
        String ns = "hsrl-bench-" + Long.toHexString(System.nanoTime() & 0xffffff);
        System.out.printf("operator bench: %d+%d resources timed, %d in all, namespace %s%n", latencyCount,
                latencyCount, total, ns);
        System.out.println("load average at start: " + loadAverage());

        Path dir = Files.createTempDirectory("hsrl-operator-bench");
        try (S3ProxyServer s3 = S3ProxyServer.start(dir.resolve("s3"));
                ObjectStore store = ObjectStores.of(s3.settings());
                KubernetesClient admin = RealApiServer.admin()) {
            new RealApiServer().start();
            admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
                    .create();
            String model = "s3://hsrl/models/bench/manifest.json";
            store.writeString(model, "{\"schemaVersion\":1,\"iteration\":1}");

            Map<String, Long> created = new ConcurrentHashMap<>();
            Map<String, Long> owned = new ConcurrentHashMap<>();
            try (Watch jobs = admin.batch().v1().jobs().inNamespace(ns).watch(firstSeen(owned, j -> "index/"
                    + j.getMetadata().getName().replaceFirst("-index$", "")));
                    Watch deployments = admin.apps().deployments().inNamespace(ns).watch(firstSeen(owned,
                            d -> "serving/" + d.getMetadata().getName()))) {
                Process operator = startOperator(jar, s3, dir.resolve("operator.log"));
                try {
                    long t0 = System.nanoTime();
                    admin.resource(index(ns, "warmup")).create();
                    waitFor(() -> owned.containsKey("index/warmup"), 300, "the operator to start", operator);
                    System.out.printf("operator up and reconciling %.1f s after launch; RSS %d MB%n",
                            (System.nanoTime() - t0) / 1e9, rssMb(operator));

                    // latency: one resource at a time, paced, so that each measures the path and not a queue
                    for (int i = 0; i < latencyCount; i++) {
                        String name = "i" + i;
                        created.put("index/" + name, System.nanoTime());
                        admin.resource(index(ns, name)).create();
                        Thread.sleep(paceMillis);
                    }
                    for (int i = 0; i < latencyCount; i++) {
                        String name = "s" + i;
                        created.put("serving/" + name, System.nanoTime());
                        admin.resource(serving(ns, name, model)).create();
                        Thread.sleep(paceMillis);
                    }
                    waitFor(() -> created.keySet().stream().allMatch(owned::containsKey), 300,
                            "the Jobs and Deployments", operator);
                    report("SemanticIndex -> Job", latencies(created, owned, "index/"));
                    report("HsrlServing -> Deployment", latencies(created, owned, "serving/"));

                    // scale: the rest in a burst, half of each kind, until every resource has a status
                    long burst = System.nanoTime();
                    int rest = total - 2 * latencyCount - 1;
                    for (int i = 0; i < rest; i++) {
                        admin.resource(i % 2 == 0 ? index(ns, "b" + i) : serving(ns, "b" + i, model)).create();
                    }
                    waitFor(() -> reconciled(admin, ns) >= total, 600, total + " resources with a status", operator);
                    System.out.printf("%d more resources created and reconciled in %.1f s (%d in all)%n", rest,
                            (System.nanoTime() - burst) / 1e9, reconciled(admin, ns));
                    long settle = Long.getLong("bench.settleSeconds", 30);
                    Thread.sleep(settle * 1000);
                    List<Long> samples = new ArrayList<>();
                    for (int i = 0; i < 6; i++) {
                        samples.add(rssMb(operator));
                        Thread.sleep(5000);
                    }
                    System.out.printf("steady-state RSS with %d resources (%d s after the last was reconciled, "
                            + "6 samples 5 s apart): %s MB, peak (VmHWM) %d MB%n", total, settle, samples,
                            statusField(operator, "VmHWM"));
                    // how much of it is live heap: a full collection, then the heap's own account and RSS again
                    String heap = jcmd(operator, "GC.run") + jcmd(operator, "GC.heap_info");
                    Thread.sleep(5000);
                    System.out.printf("after a full GC: RSS %d MB; heap: %s%n", rssMb(operator),
                            heap.lines().filter(l -> l.contains("used")).map(String::strip)
                                    .reduce((a, b) -> a + " | " + b).orElse("?"));
                } finally {
                    operator.destroy();
                    operator.waitFor();
                }
            }
            System.out.println("load average at end: " + loadAverage());
            System.out.println("operator log: " + dir.resolve("operator.log") + "; namespace " + ns
                    + " left on the API server");
        }
        System.exit(0);
    }

    /**
     * The JVM options of the image's exec-form {@code ENTRYPOINT ["java", <options>, "-jar", <jar>]}, read from the
     * Dockerfile itself so that the benchmark measures the flags that ship.
     */
    static List<String> dockerfileJvmOptions(Path dockerfile) throws IOException {
        String text = Files.readString(dockerfile).replace("\\\n", " ");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^ENTRYPOINT\\s+(\\[.*])\\s*$").matcher(text);
        if (!m.find()) {
            throw new IllegalStateException(dockerfile + ": no exec-form ENTRYPOINT");
        }
        List<String> entry = Arrays.asList(new com.fasterxml.jackson.databind.ObjectMapper().readValue(m.group(1), String[].class));
        int jarFlag = entry.indexOf("-jar");
        if (entry.isEmpty() || !entry.get(0).equals("java") || jarFlag < 0) {
            throw new IllegalStateException(dockerfile + ": ENTRYPOINT is not [\"java\", options..., \"-jar\", jar]: " + entry);
        }
        return entry.subList(1, jarFlag);
    }

    /** The production launch line (operator/Dockerfile) in a JVM that sees the pod's 512Mi memory limit. */
    private static Process startOperator(Path jar, S3ProxyServer s3, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:MaxRAM=512m"));
        command.addAll(dockerfileJvmOptions(Path.of(System.getProperty("bench.dockerfile", "Dockerfile"))));
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        env.put("KUBECONFIG", RealApiServer.OPERATOR_KUBECONFIG.toString());
        env.put("QUARKUS_HTTP_PORT", "0");
        env.put("HSRL_OPERATOR_OBJECT_STORE_ENDPOINT", s3.endpoint());
        env.put("HSRL_OPERATOR_OBJECT_STORE_ACCESS_KEY", S3ProxyServer.ACCESS_KEY);
        env.put("HSRL_OPERATOR_OBJECT_STORE_SECRET_KEY", S3ProxyServer.SECRET_KEY);
        env.put("HSRL_OPERATOR_LEADER_ELECTION_LEASE_NAMESPACE", RealApiServer.OPERATOR_NAMESPACE);
        env.put("HSRL_OPERATOR_LEADER_ELECTION_LEASE_NAME", "hsrl-operator-bench-" + Long.toHexString(System.nanoTime()));
        return pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static SemanticIndex index(String ns, String name) {
        return Fixtures.index(ns, name);
    }

    private static HsrlServing serving(String ns, String name, String model) {
        HsrlServing s = new HsrlServing();
        s.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
        s.getSpec().model = new ModelSource();
        s.getSpec().model.checkpointUri = model;
        return s;
    }

    private static <T extends HasMetadata> Watcher<T> firstSeen(Map<String, Long> seen, Function<T, String> key) {
        return new Watcher<>() {
            @Override
            public void eventReceived(Action action, T resource) {
                if (action == Action.ADDED) {
                    seen.putIfAbsent(key.apply(resource), System.nanoTime());
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                System.err.println("watch closed: " + cause);
            }
        };
    }

    private static long reconciled(KubernetesClient admin, String ns) {
        return count(admin.resources(SemanticIndex.class).inNamespace(ns).list().getItems().stream()
                .map(SemanticIndex::getStatus).toList())
                + count(admin.resources(HsrlServing.class).inNamespace(ns).list().getItems().stream()
                .map(HsrlServing::getStatus).toList());
    }

    private static long count(List<? extends BaseStatus> statuses) {
        return statuses.stream().filter(s -> s != null && s.observedGeneration != null).count();
    }

    private static double[] latencies(Map<String, Long> created, Map<String, Long> owned, String prefix) {
        return created.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .mapToDouble(e -> (owned.get(e.getKey()) - e.getValue()) / 1e6).sorted().toArray();
    }

    private static void report(String what, double[] ms) {
        System.out.printf("%-26s n=%d  p50 %.0f ms  p99 %.0f ms  max %.0f ms  mean %.0f ms%n", what, ms.length,
                percentile(ms, 0.50), percentile(ms, 0.99), ms[ms.length - 1], Arrays.stream(ms).average().orElse(0));
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static void waitFor(java.util.function.BooleanSupplier done, long seconds, String what, Process operator)
            throws InterruptedException {
        long deadline = System.nanoTime() + seconds * SECOND;
        while (!done.getAsBoolean()) {
            if (!operator.isAlive()) {
                throw new IllegalStateException("the operator exited (" + operator.exitValue() + ") waiting for " + what);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + seconds + " s waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    private static String jcmd(Process p, String command) {
        try {
            Process j = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(p.pid()), command).redirectErrorStream(true).start();
            String out = new String(j.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            j.waitFor();
            return out;
        } catch (IOException e) {
            return "jcmd failed: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static long rssMb(Process p) {
        return statusField(p, "VmRSS");
    }

    /** A field of /proc/PID/status in MB (the kernel reports kB). */
    private static long statusField(Process p, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(p.pid()), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg"), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
