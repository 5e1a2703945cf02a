package io.hsrl.store.testing;

import io.hsrl.store.S3Settings;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A real S3 server for tests: s3proxy with its filesystem back end, run as a child process from its self-contained
 * jar (keeping its Jetty and Jackson off the test classpath). Shared by the modules' tests through the test-jar.
 */
public final class S3ProxyServer implements AutoCloseable {
    public static final String ACCESS_KEY = "hsrl-test";
    public static final String SECRET_KEY = "hsrl-test-secret-key";

    private final Process process;
    private final int port;
    private final Path dataDir;

    private S3ProxyServer(Process process, int port, Path dataDir) {
        this.process = process;
        this.port = port;
        this.dataDir = dataDir;
    }

    /** Starts a server on a free loopback port with its data in {@code dataDir}; waits until it accepts requests. */
    public static S3ProxyServer start(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path conf = dataDir.resolveSibling(dataDir.getFileName() + ".properties");
        Files.writeString(conf, String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                "jclouds.provider=filesystem-nio2",
                "jclouds.filesystem.basedir=" + dataDir.toAbsolutePath(),
                ""));
        Path log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-jar", jar().toString(), "--properties", conf.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        S3ProxyServer server = new S3ProxyServer(p, port, dataDir);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (!p.isAlive()) {
                throw new IOException("s3proxy exited with " + p.exitValue() + "; see " + log);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return server;
            } catch (IOException notYet) {
                sleep(100);
            }
        }
        server.close();
        throw new IOException("s3proxy did not start within 60 s; see " + log);
    }

    /** The s3proxy jar: {@code -Dhsrl.s3proxy.jar}, the copy made by the store module's build, or the local Maven repository. */
    public static Path jar() throws IOException {
        String prop = System.getProperty("hsrl.s3proxy.jar");
        if (prop != null && Files.isRegularFile(Path.of(prop))) {
            return Path.of(prop);
        }
        for (String rel : List.of("target/s3proxy/s3proxy.jar", "../store/target/s3proxy/s3proxy.jar",
                "../../store/target/s3proxy/s3proxy.jar")) {
            Path p = Path.of(rel);
            if (Files.isRegularFile(p)) {
                return p.toAbsolutePath();
            }
        }
        String repo = System.getProperty("maven.repo.local",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
        Path m2 = Path.of(repo, "org", "gaul", "s3proxy", "4.1.0", "s3proxy-4.1.0-jar-with-dependencies.jar");
        if (Files.isRegularFile(m2)) {
            return m2;
        }
        throw new IOException("s3proxy jar not found: build the store module first (mvn -pl store test-compile)");
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public S3Settings settings() {
        return new S3Settings(endpoint(), ACCESS_KEY, SECRET_KEY, "us-east-1");
    }

    /** The settings as the environment variables the programs read. */
    public Map<String, String> environment() {
        return Map.of(S3Settings.ENDPOINT, endpoint(), S3Settings.ACCESS_KEY, ACCESS_KEY,
                S3Settings.SECRET_KEY, SECRET_KEY, S3Settings.REGION, "us-east-1");
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
