package io.hsrl.local.runner;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Services as local ports: each Service port gets a stable loopback port whose connections are forwarded, round
 * robin, to the ready pods behind it (pods get new ports when they restart; the Service port does not change). The
 * mapping is written to {@code endpoints.properties} as {@code http://<svc>.<ns>.svc:<port>=http://127.0.0.1:<local>}
 * for programs (the ab-controller) that are configured with it instead of cluster DNS.
 */
final class ServicePorts implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServicePorts.class);

    private final Path endpointsFile;
    private final Map<String, Forwarder> forwarders = new ConcurrentHashMap<>();
    private String lastWritten = "";

    ServicePorts(Path endpointsFile) {
        this.endpointsFile = endpointsFile;
    }

    /** key: ns/svc/port. Creates the forwarder on first use; updates its backends. */
    int ensure(String namespace, String service, int servicePort, List<Integer> backends) throws IOException {
        String key = namespace + "/" + service + "/" + servicePort;
        Forwarder f = forwarders.get(key);
        if (f == null) {
            f = new Forwarder(key);
            forwarders.put(key, f);
        }
        f.backends = List.copyOf(backends);
        return f.localPort();
    }

    /** Closes the forwarders whose keys are not in {@code live}, then rewrites the endpoints file if it changed. */
    void retainAndWrite(java.util.Set<String> live) throws IOException {
        forwarders.entrySet().removeIf(e -> {
            if (!live.contains(e.getKey())) {
                e.getValue().close();
                return true;
            }
            return false;
        });
        Map<String, String> lines = new TreeMap<>();
        forwarders.forEach((key, f) -> {
            String[] k = key.split("/");
            String local = "http://127.0.0.1:" + f.localPort();
            lines.put("http://" + k[1] + "." + k[0] + ".svc:" + k[2], local);
            lines.put("http://" + k[1] + "." + k[0] + ".svc.cluster.local:" + k[2], local);
        });
        StringBuilder sb = new StringBuilder("# Written by hsrl-local: Service URL = local forwarding port.\n");
        lines.forEach((k, v) -> sb.append(k.replace(":", "\\:")).append('=').append(v).append('\n'));
        String text = sb.toString();
        if (!text.equals(lastWritten)) {
            Files.createDirectories(endpointsFile.toAbsolutePath().getParent());
            Path tmp = endpointsFile.resolveSibling(endpointsFile.getFileName() + ".tmp");
            Files.writeString(tmp, text);
            Files.move(tmp, endpointsFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            lastWritten = text;
        }
    }

    Map<String, Integer> ports() {
        Map<String, Integer> out = new TreeMap<>();
        forwarders.forEach((k, f) -> out.put(k, f.localPort()));
        return out;
    }

    @Override
    public void close() {
        forwarders.values().forEach(Forwarder::close);
        forwarders.clear();
    }

    /** A loopback TCP forwarder, one thread pair per connection (the platform's traffic is small). */
    private static final class Forwarder {
        private final String key;
        private final ServerSocket server;
        private final AtomicInteger next = new AtomicInteger();
        volatile List<Integer> backends = List.of();

        Forwarder(String key) throws IOException {
            this.key = key;
            this.server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread t = new Thread(this::accept, "svc-" + key);
            t.setDaemon(true);
            t.start();
        }

        int localPort() {
            return server.getLocalPort();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    List<Integer> b = backends;
                    if (b.isEmpty()) {
                        client.close();
                        continue;
                    }
                    int port = b.get(Math.floorMod(next.getAndIncrement(), b.size()));
                    Socket upstream = new Socket();
                    try {
                        upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
                    } catch (IOException e) {
                        client.close();
                        upstream.close();
                        continue;
                    }
                    pipe(client, upstream);
                    pipe(upstream, client);
                } catch (IOException e) {
                    if (!server.isClosed()) {
                        LOG.debug("service {}: {}", key, e.toString());
                    }
                }
            }
        }

        /** Copies one direction; when either side ends the connection, both sockets close (HTTP needs no half-close). */
        private static void pipe(Socket from, Socket to) {
            Thread t = new Thread(() -> {
                try {
                    from.getInputStream().transferTo(to.getOutputStream());
                } catch (IOException ignored) {
                    // the other side closed
                } finally {
                    closeQuietly(from);
                    closeQuietly(to);
                }
            }, "pipe");
            t.setDaemon(true);
            t.start();
        }

        private static void closeQuietly(Socket s) {
            try {
                s.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }

        void close() {
            try {
                server.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }
}
