package io.hsrl.local.runner;

import io.hsrl.local.process.SupervisedProcess;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One pod's container, run as a local process: its stdout and stderr go to {@code logs/<ns>/<pod>.log}, its working
 * directory is its own, and {@code port} (when the container serves HTTP) is the loopback port given to it through
 * {@code QUARKUS_HTTP_PORT}.
 */
final class LocalPod {
    private final String namespace;
    private final String name;
    private final Process process;
    private final Path log;
    private final int port;
    private final String readinessPath;
    private final Instant started = Instant.now();
    private volatile boolean ready;

    private LocalPod(String namespace, String name, Process process, Path log, int port, String readinessPath) {
        this.namespace = namespace;
        this.name = name;
        this.process = process;
        this.log = log;
        this.port = port;
        this.readinessPath = readinessPath;
    }

    static LocalPod start(String namespace, String name, List<String> command, Map<String, String> env, Path dataDir,
                          int port, String readinessPath) throws IOException {
        Path log = dataDir.resolve("logs").resolve(namespace).resolve(name + ".log");
        Path work = dataDir.resolve("work").resolve(namespace).resolve(name);
        Files.createDirectories(log.getParent());
        Files.createDirectories(work);
        Files.writeString(log, "---- " + Instant.now() + " " + String.join(" ", command) + "\n",
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        // A pod's environment is its own: only what the container spec gives, plus what a node would provide.
        Map<String, String> base = pb.environment();
        String path = base.get("PATH");
        String home = base.get("HOME");
        base.clear();
        if (path != null) {
            base.put("PATH", path);
        }
        if (home != null) {
            base.put("HOME", home);
        }
        base.put("HOSTNAME", name);
        base.put("TMPDIR", work.toString());
        base.putAll(env);
        return new LocalPod(namespace, name, pb.start(), log, port, readinessPath);
    }

    String namespace() {
        return namespace;
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    Path log() {
        return log;
    }

    Instant started() {
        return started;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Integer exitCode() {
        return process.isAlive() ? null : process.exitValue();
    }

    Process process() {
        return process;
    }

    /** Polls the readiness endpoint (no probe: ready while alive); cheap enough to call each second. */
    boolean probe() {
        if (!process.isAlive()) {
            ready = false;
            return false;
        }
        if (readinessPath == null || port <= 0) {
            ready = true;
            return true;
        }
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + readinessPath).toURL()
                    .openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(1000);
            int code = c.getResponseCode();
            c.disconnect();
            ready = code >= 200 && code < 400;
        } catch (IOException e) {
            ready = false;
        }
        return ready;
    }

    boolean ready() {
        return ready && process.isAlive();
    }

    void stop() {
        SupervisedProcess.stopTree(process, Duration.ofSeconds(10));
    }
}
