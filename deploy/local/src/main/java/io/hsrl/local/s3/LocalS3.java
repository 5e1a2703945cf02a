package io.hsrl.local.s3;

import io.hsrl.local.process.SupervisedProcess;
import io.hsrl.store.S3Settings;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The embedded S3 server: s3proxy with its filesystem back end, as a supervised child process from its
 * self-contained jar (its Jetty and Jackson 3 stay off this JVM's classpath; dependencies.md). Objects live as plain
 * files under {@code <data>/s3} and survive restarts; the credentials are generated once and kept in
 * {@code <data>/s3.credentials} (mode 600), so that restarted programs keep working.
 */
public final class LocalS3 implements AutoCloseable {
    public static final String ACCESS_KEY = "hsrl-local";
    public static final String BUCKET = "hsrl";

    private final SupervisedProcess process;
    private final S3Settings settings;

    private LocalS3(SupervisedProcess process, S3Settings settings) {
        this.process = process;
        this.settings = settings;
    }

    /**
     * Starts s3proxy on {@code host:port} with objects under {@code dataDir/s3}, waits until it answers S3 requests,
     * and makes sure bucket {@value #BUCKET} exists.
     */
    public static LocalS3 start(Path jar, Path dataDir, String host, int port) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IOException("s3proxy jar not found at " + jar + " (build deploy/local: mvn -pl deploy/local -am package)");
        }
        Path objects = dataDir.resolve("s3");
        Files.createDirectories(objects);
        String secret = secret(dataDir.resolve("s3.credentials"));
        String endpoint = "http://" + host + ":" + port;
        Path conf = dataDir.resolve("s3proxy.properties");
        Files.writeString(conf, String.join("\n",
                "s3proxy.endpoint=" + endpoint,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + secret,
                "jclouds.provider=filesystem-nio2",
                "jclouds.filesystem.basedir=" + objects.toAbsolutePath(),
                ""));
        Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-------"));
        SupervisedProcess p = SupervisedProcess.start("s3proxy",
                List.of(SupervisedProcess.java(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                        "-jar", jar.toAbsolutePath().toString(), "--properties", conf.toAbsolutePath().toString()),
                Map.of(), dataDir, dataDir.resolve("logs").resolve("s3proxy.log"), 5);
        LocalS3 s3 = new LocalS3(p, new S3Settings(endpoint, ACCESS_KEY, secret, "us-east-1"));
        try {
            s3.awaitReady(Duration.ofSeconds(90));
            s3.ensureBucket(BUCKET);
        } catch (IOException | RuntimeException e) {
            s3.close();
            throw e;
        }
        return s3;
    }

    private static String secret(Path file) throws IOException {
        if (Files.isRegularFile(file)) {
            String s = Files.readString(file).trim();
            if (!s.isEmpty()) {
                return s;
            }
        }
        byte[] b = new byte[20];
        new SecureRandom().nextBytes(b);
        String s = HexFormat.of().formatHex(b);
        Files.writeString(file, s + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return s;
    }

    private void awaitReady(Duration timeout) throws IOException {
        java.net.URI uri = java.net.URI.create(settings.endpoint());
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive() && process.restarts() >= 5) {
                throw new IOException("s3proxy keeps exiting; see " + process.log());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(150);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted waiting for s3proxy", e);
                }
            }
        }
        throw new IOException("s3proxy did not listen on " + settings.endpoint() + " within " + timeout.toSeconds()
                + " s (port taken?); see " + process.log());
    }

    /** Creates the bucket unless it exists (through the MinIO client, as every program reaches the store). */
    public void ensureBucket(String bucket) throws IOException {
        try (MinioClient client = client()) {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            }
        } catch (Exception e) {
            throw new IOException("cannot create bucket " + bucket + " on " + settings.endpoint() + ": " + e, e);
        }
    }

    public MinioClient client() {
        return MinioClient.builder().endpoint(settings.endpoint())
                .credentials(settings.accessKey(), settings.secretKey()).region(settings.region()).build();
    }

    public S3Settings settings() {
        return settings;
    }

    /** The settings as the environment variables the programs read. */
    public Map<String, String> environment() {
        return Map.of(S3Settings.ENDPOINT, settings.endpoint(), S3Settings.ACCESS_KEY, settings.accessKey(),
                S3Settings.SECRET_KEY, settings.secretKey(), S3Settings.REGION, settings.region());
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.close();
    }
}
