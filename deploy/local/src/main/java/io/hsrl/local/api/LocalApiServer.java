package io.hsrl.local.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;

/**
 * The embedded Kubernetes API: the Fabric8 mock server in CRUD mode on a fixed loopback address, behind
 * {@link ApiDispatcher} so that kubectl can use it. No server-side apply, no validation, no garbage collection
 * (dependencies.md); the platform's programs only need CRUD, status and WebSocket watches, which the mock has.
 */
public final class LocalApiServer implements AutoCloseable {
    public static final String VERSION = "v1.32.0-hsrl-local";
    /** Held so that the level sticks: the mock logs every request at INFO through java.util.logging. */
    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    static {
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    private final KubernetesMockServer server;
    private final String url;

    private LocalApiServer(KubernetesMockServer server, String url) {
        this.server = server;
        this.url = url;
    }

    /** Starts on {@code host:port} (port 0: any free port); fails clearly if the port is taken. */
    public static LocalApiServer start(String host, int port) {
        KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher(List.of());
        ApiDispatcher dispatcher = new ApiDispatcher(crud, new ObjectMapper(), VERSION);
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                dispatcher, false);
        try {
            server.init(InetAddress.getByName(host), port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot listen on " + host + ":" + port
                    + " (is another hsrl-local running? use --port): " + e.getMessage(), e);
        }
        return new LocalApiServer(server, "http://" + host + ":" + server.getPort());
    }

    /** The server URL, e.g. http://127.0.0.1:18080. */
    public String url() {
        return url;
    }

    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.destroy();
    }
}
