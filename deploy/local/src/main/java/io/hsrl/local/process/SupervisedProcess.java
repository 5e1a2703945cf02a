package io.hsrl.local.process;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A long-running child program (s3proxy, the operator, the ab-controller): started with its own environment, its
 * output appended to a log file, restarted with exponential back-off when it exits on its own (up to
 * {@code maxRestarts}), and stopped with its whole process tree (TERM, then KILL after a grace period).
 */
public final class SupervisedProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SupervisedProcess.class);
    private static final Duration GRACE = Duration.ofSeconds(10);

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path workDir;
    private final Path log;
    private final int maxRestarts;
    private final Thread watcher;
    private volatile Process process;
    private volatile boolean stopping;
    private volatile int restarts;

    private SupervisedProcess(String name, List<String> command, Map<String, String> environment, Path workDir,
                              Path log, int maxRestarts) {
        this.name = name;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.workDir = workDir;
        this.log = log;
        this.maxRestarts = maxRestarts;
        this.watcher = new Thread(this::supervise, "supervise-" + name);
        this.watcher.setDaemon(true);
    }

    /** Starts the program; the log file gets a header line per (re)start. */
    public static SupervisedProcess start(String name, List<String> command, Map<String, String> environment,
                                          Path workDir, Path log, int maxRestarts) throws IOException {
        SupervisedProcess p = new SupervisedProcess(name, command, environment, workDir, log, maxRestarts);
        p.process = p.launch();
        p.watcher.start();
        return p;
    }

    private Process launch() throws IOException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        Files.writeString(log, "---- " + java.time.Instant.now() + " starting " + name + "\n",
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir == null ? null : workDir.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().putAll(environment);
        return pb.start();
    }

    private void supervise() {
        long backoffMs = 1000;
        while (!stopping) {
            Process p = process;
            try {
                int code = p.waitFor();
                if (stopping) {
                    return;
                }
                if (restarts >= maxRestarts) {
                    LOG.error("{} exited with {} and was restarted {} times already; giving up (log: {})", name,
                            code, restarts, log);
                    return;
                }
                LOG.warn("{} exited with {}; restarting in {} ms (log: {})", name, code, backoffMs, log);
                Thread.sleep(backoffMs);
                backoffMs = Math.min(backoffMs * 2, 30_000);
                if (!stopping) {
                    restarts++;
                    process = launch();
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                LOG.error("{} could not be restarted: {}", name, e.getMessage());
                return;
            }
        }
    }

    public String name() {
        return name;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** Kills the running program at once (SIGKILL), as a crash would; the supervisor restarts it as after one. */
    public void kill() {
        Process p = process;
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    public int restarts() {
        return restarts;
    }

    public Path log() {
        return log;
    }

    /** The exit code if the program has ended for good (no restart pending). */
    public Optional<Integer> exitCode() {
        Process p = process;
        return p.isAlive() ? Optional.empty() : Optional.of(p.exitValue());
    }

    @Override
    public void close() {
        stopping = true;
        watcher.interrupt();
        stopTree(process, GRACE);
    }

    /** TERM to the process and its descendants, KILL to whatever is left after {@code grace}. */
    public static void stopTree(Process p, Duration grace) {
        if (p == null) {
            return;
        }
        List<ProcessHandle> descendants = p.descendants().toList();
        p.destroy();
        descendants.forEach(ProcessHandle::destroy);
        try {
            if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /** The java executable running this JVM, for child Java programs. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
