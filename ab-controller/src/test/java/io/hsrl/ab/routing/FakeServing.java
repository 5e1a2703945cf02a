package io.hsrl.ab.routing;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** A tiny server speaking the serving API ({@code POST /v1/recommend}) that names itself in its slate. */
public final class FakeServing implements AutoCloseable {
    public enum Mode { OK, FAIL, SLOW }

    private final HttpServer server;
    private volatile Mode mode = Mode.OK;
    private final AtomicInteger calls = new AtomicInteger();

    static {
        // The JDK server otherwise leaves Nagle on: ~40 ms stalls per request against a client that writes headers
        // and body separately.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    public FakeServing(String name) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/v1/recommend", ex -> {
            calls.incrementAndGet();
            String body;
            try (InputStream in = ex.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Mode m = mode;
            if (m == Mode.SLOW) {
                try {
                    Thread.sleep(6000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            int status = m == Mode.FAIL ? 500 : 200;
            // Echo whether the router stripped the experiment field.
            String out = m == Mode.FAIL ? "{\"error\":\"down\"}"
                    : "{\"items\":[1,2,3],\"servedBy\":\"" + name + "\",\"sawExperiment\":" + body.contains("\"experiment\"")
                            + ",\"sawCovariate\":" + body.contains("\"covariate\"") + "}";
            byte[] bytes = out.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(status, bytes.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(bytes);
            }
        });
        server.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void mode(Mode m) {
        mode = m;
    }

    public int calls() {
        return calls.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
