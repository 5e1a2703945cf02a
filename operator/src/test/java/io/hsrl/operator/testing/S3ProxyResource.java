package io.hsrl.operator.testing;

import io.hsrl.store.testing.S3ProxyServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

/** A real S3 server (s3proxy) for the operator under test; its settings become the operator's object-store config. */
public class S3ProxyResource implements QuarkusTestResourceLifecycleManager {
    private S3ProxyServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = S3ProxyServer.start(Files.createTempDirectory("hsrl-operator-s3").resolve("data"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "hsrl.operator.object-store.endpoint", server.endpoint(),
                "hsrl.operator.object-store.access-key", S3ProxyServer.ACCESS_KEY,
                "hsrl.operator.object-store.secret-key", S3ProxyServer.SECRET_KEY);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
