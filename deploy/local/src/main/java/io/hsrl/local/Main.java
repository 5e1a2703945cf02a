package io.hsrl.local;

import io.hsrl.local.platform.LocalPlatform;
import io.hsrl.local.platform.PlatformOptions;

import java.io.IOException;
import java.io.Reader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * {@code hsrl-local up|down|status|demo}: see deploy/local/README.md. {@code up} runs in the foreground here (the
 * launcher script puts it in the background); SIGINT/SIGTERM stop the whole process tree.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        try {
            System.exit(run(args));
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            System.err.println("error: " + describe(e));
            System.exit(1);
        }
    }

    /** The exception and its causes in one line ("null" messages name the exception's class instead). */
    static String describe(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (b.length() > 0) {
                b.append(": ");
            }
            b.append(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
            if (b.length() > 600) {
                break;
            }
        }
        return b.toString();
    }

    static int run(String[] args) throws Exception {
        List<String> rest = new ArrayList<>(List.of(args));
        String command = rest.isEmpty() ? "help" : rest.remove(0);
        String host = "127.0.0.1";
        int port = PlatformOptions.DEFAULT_PORT;
        Optional<Path> kubeconfig = Optional.empty();
        Optional<Path> images = Optional.empty();
        Path repo = Path.of(System.getProperty("hsrl.repo.root", ".")).toAbsolutePath().normalize();
        Path data = repo.resolve("deploy/local/data");
        boolean clean = false;
        boolean components = true;
        String size = "samples";
        Long seed = null;
        for (int i = 0; i < rest.size(); i++) {
            String a = rest.get(i);
            switch (a) {
                case "--port" -> port = parsePort(value(rest, ++i, a));
                case "--kubeconfig" -> kubeconfig = Optional.of(Path.of(value(rest, ++i, a)));
                case "--data" -> data = Path.of(value(rest, ++i, a)).toAbsolutePath();
                case "--images" -> images = Optional.of(Path.of(value(rest, ++i, a)));
                case "--clean" -> clean = true;
                case "--no-components" -> components = false;
                case "--size" -> size = value(rest, ++i, a);
                case "--seed" -> seed = parseSeed(value(rest, ++i, a));
                case "--foreground", "" -> {
                    // the launcher's flag (this program always runs in the foreground)
                }
                default -> throw new IllegalArgumentException("unknown option " + a + " (see hsrl-local help)");
            }
        }
        PlatformOptions options = new PlatformOptions(host, port, kubeconfig, data, repo, images, components);
        return switch (command) {
            case "up" -> up(options, clean);
            case "down" -> down(options, clean);
            case "status" -> status(options);
            case "demo" -> io.hsrl.local.demo.Demo.run(options, io.hsrl.local.demo.Demo.size(size), seed);
            case "help", "--help", "-h" -> {
                System.out.println(USAGE);
                yield 0;
            }
            default -> throw new IllegalArgumentException("unknown command " + command + "\n" + USAGE);
        };
    }

    static final String USAGE = """
            usage: hsrl-local up [--port N] [--kubeconfig PATH] [--clean] [--images FILE] [--no-components]
                   hsrl-local status
                   hsrl-local down [--clean]
                   hsrl-local demo [--size samples|quick] [--seed N]
              up            API (embedded on 127.0.0.1:N, default 18080, or --kubeconfig), S3 (N+1), workload runner,
                            operator (N+2) and ab-controller (N+3) when built; data in deploy/local/data
              --clean       wipe deploy/local/data (before up, after down)
              --size        demo size: samples (as deploy/samples/quickstart: 2,000 items, 500 iterations per training)
                            or quick (500 items, 20 iterations, a 3-minute experiment) for a busy machine
              --seed        demo seed: both trainings' spec.seed, the experiment's salt and the simulated users' draws
                            (default: the samples' seeds, and 11 for the users); the generated world is the same""";

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }

    private static long parseSeed(String s) {
        try {
            long v = Long.parseLong(s);
            if (v < 0) {
                throw new IllegalArgumentException("--seed: must be 0 or more, got " + s);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--seed: not a number: " + s);
        }
    }

    private static int parsePort(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port: not a number: " + s);
        }
    }

    static int up(PlatformOptions options, boolean clean) throws Exception {
        Optional<ProcessHandle> running = runningInstance(options);
        if (running.isPresent()) {
            System.err.println("error: hsrl-local is already running (pid " + running.get().pid()
                    + "); run hsrl-local down first");
            return 1;
        }
        if (clean) {
            wipe(options.dataDir());
        }
        Files.createDirectories(options.dataDir());
        Files.writeString(options.pidFile(), ProcessHandle.current().pid() + "\n");
        LocalPlatform platform;
        try {
            platform = LocalPlatform.start(options);
        } catch (Exception e) {
            Files.deleteIfExists(options.pidFile());
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("hsrl-local: stopping");
            platform.close();
            try {
                Files.deleteIfExists(options.pidFile());
            } catch (IOException ignored) {
                // best effort
            }
            stopped.countDown();
        }, "hsrl-local-shutdown"));
        printStatus(options, platform.status());
        System.out.println("READY");
        System.out.flush();
        stopped.await();
        return 0;
    }

    static void printStatus(PlatformOptions options, java.util.Map<String, String> status) {
        System.out.println("hsrl-local is up (pid " + ProcessHandle.current().pid() + ")");
        status.entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .forEach(e -> System.out.printf("  %-22s %s%n", e.getKey(), e.getValue()));
        System.out.println();
        System.out.println("  export KUBECONFIG=" + status.get("kubeconfig"));
        System.out.println("  kubectl get hsrl                 # all HSRL resources, with their printer columns");
        System.out.println("  kubectl apply -f deploy/samples/quickstart/");
        System.out.println("  (against the embedded API add --cache-dir " + options.dataDir().resolve("kubectl-cache")
                + " if CRDs changed: kubectl caches discovery)");
    }

    static Optional<ProcessHandle> runningInstance(PlatformOptions options) throws IOException {
        if (!Files.isRegularFile(options.pidFile())) {
            return Optional.empty();
        }
        String text = Files.readString(options.pidFile()).trim();
        try {
            return ProcessHandle.of(Long.parseLong(text)).filter(ProcessHandle::isAlive);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static int down(PlatformOptions options, boolean clean) throws Exception {
        Optional<ProcessHandle> running = runningInstance(options);
        if (running.isEmpty()) {
            System.out.println("hsrl-local is not running");
        } else {
            ProcessHandle h = running.get();
            h.destroy();
            try {
                h.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
                System.out.println("hsrl-local stopped (pid " + h.pid() + ")");
            } catch (java.util.concurrent.TimeoutException e) {
                h.descendants().forEach(ProcessHandle::destroyForcibly);
                h.destroyForcibly();
                System.out.println("hsrl-local killed after 60 s (pid " + h.pid() + ")");
            }
            Files.deleteIfExists(options.pidFile());
        }
        if (clean) {
            wipe(options.dataDir());
            System.out.println("wiped " + options.dataDir());
        }
        return 0;
    }

    static int status(PlatformOptions options) throws IOException {
        Optional<ProcessHandle> running = runningInstance(options);
        if (running.isEmpty() || !Files.isRegularFile(options.statusFile())) {
            System.out.println("hsrl-local is not running" + (running.isPresent() ? " (starting)" : ""));
            return running.isPresent() ? 0 : 3;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(options.statusFile())) {
            p.load(r);
        }
        System.out.println("hsrl-local is up (pid " + running.get().pid() + ")");
        for (String key : new java.util.TreeSet<>(p.stringPropertyNames())) {
            String v = p.getProperty(key);
            String health = "";
            if (key.endsWith(".pid")) {
                health = ProcessHandle.of(Long.parseLong(v)).map(ProcessHandle::isAlive).orElse(false) ? "  (alive)"
                        : "  (NOT RUNNING)";
            } else if (key.equals("api")) {
                health = reachable(v + "/version") ? "  (reachable)" : "  (NOT REACHABLE)";
            } else if (key.equals("operator") || key.equals("ab-controller")) {
                health = v.startsWith("http") ? (reachable(v + "/q/health/ready") ? "  (ready)" : "  (not ready)") : "";
            }
            System.out.printf("  %-22s %s%s%n", key, v, health);
        }
        return 0;
    }

    static boolean reachable(String url) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
            c.setConnectTimeout(1000);
            c.setReadTimeout(2000);
            int code = c.getResponseCode();
            return code >= 200 && code < 400;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    static void wipe(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        // A guard against --data pointing somewhere else: only a directory this program made is wiped.
        if (!Files.exists(dir.resolve("s3.credentials")) && !Files.exists(dir.resolve("kubeconfig"))
                && !Files.exists(dir.resolve("logs"))) {
            throw new IllegalArgumentException("--clean: " + dir + " does not look like an hsrl-local data directory;"
                    + " not wiping it");
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
