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
 * {@link ApiDispatcher} so that kubectl can use it. The mock has no server-side apply and no garbage collection
 * (dependencies.md): the dispatcher emulates the first, and a collector thread here deletes objects whose owners are
 * gone every {@link #GC_INTERVAL}, so the production builds of the operator and the ab-controller (which apply with
 * SSA) run unchanged and deleting a resource removes what it owns. No validation, no admission, no RBAC.
 */
public final class LocalApiServer implements AutoCloseable {
    public static final String VERSION = "v1.32.0-hsrl-local";
    /** Held so that the level sticks: the mock logs every request at INFO through java.util.logging. */
    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    static {
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    public static final java.time.Duration GC_INTERVAL = java.time.Duration.ofSeconds(5);
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LocalApiServer.class);

    private final KubernetesMockServer server;
    private final String url;
    private final java.util.concurrent.ScheduledExecutorService collector;

    private LocalApiServer(KubernetesMockServer server, String url, ApiDispatcher dispatcher) {
        this.server = server;
        this.url = url;
        this.collector = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "local-api-gc");
            t.setDaemon(true);
            return t;
        });
        collector.scheduleWithFixedDelay(() -> {
            try {
                int n = dispatcher.collectGarbage();
                if (n > 0) {
                    LOG.info("garbage collector: deleted {} object(s) whose owners are gone", n);
                }
            } catch (Exception e) {
                LOG.warn("garbage collector: {}", e.toString());
            }
        }, GC_INTERVAL.toMillis(), GC_INTERVAL.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
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
        return new LocalApiServer(server, "http://" + host + ":" + server.getPort(), dispatcher);
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
        collector.shutdownNow();
        server.destroy();
    }
}
