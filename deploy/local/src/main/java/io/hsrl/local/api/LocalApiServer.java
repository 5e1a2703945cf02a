package io.hsrl.local.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The embedded Kubernetes API: a Vert.x HTTP server on a loopback address in front of {@link ApiRouter} (requests)
 * and the store's {@link WatchHub} (watches). Watches stream as on a cluster, over HTTP (chunked, one JSON event per
 * line: {@code kubectl get -w}, {@code kubectl wait}, client-go) and over WebSocket (the Fabric8 client's), from a
 * resourceVersion (the kept history is replayed; one older than it gets 410 Gone, and the client lists again) or
 * from the current state (ADDED for each object). A collector thread deletes objects whose owners are gone every
 * {@link #GC_INTERVAL}. Objects are kept in memory, or in an H2 MVStore file when one is given. No RBAC.
 */
public final class LocalApiServer implements AutoCloseable {
    public static final String VERSION = "v1.32.0-hsrl-local";
    public static final java.time.Duration GC_INTERVAL = java.time.Duration.ofSeconds(5);
    /** A watch without timeoutSeconds ends after this long, as kube-apiserver's --min-request-timeout (1800 s). */
    private static final long DEFAULT_WATCH_SECONDS = 1800;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LocalApiServer.class);

    private final Vertx vertx;
    private final HttpServer server;
    private final ApiStore store;
    private final ApiRouter router;
    private final ObjectMapper mapper = new ObjectMapper();
    private final String url;
    private final java.util.concurrent.ScheduledExecutorService collector;

    private LocalApiServer(Vertx vertx, HttpServer server, ApiStore store, ApiRouter router, String host) {
        this.vertx = vertx;
        this.server = server;
        this.store = store;
        this.router = router;
        this.url = "http://" + host + ":" + server.actualPort();
        this.collector = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "local-api-gc");
            t.setDaemon(true);
            return t;
        });
        collector.scheduleWithFixedDelay(() -> {
            try {
                int n = router.collector().collect();
                if (n > 0) {
                    LOG.info("garbage collector: deleted or released {} object(s)", n);
                }
            } catch (Exception e) {
                LOG.warn("garbage collector: {}", e.toString());
            }
        }, GC_INTERVAL.toMillis(), GC_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts on {@code host:port} (port 0: any free port), objects in memory; fails clearly if the port is taken. */
    public static LocalApiServer start(String host, int port) {
        return start(host, port, Optional.empty());
    }

    /** As {@link #start(String, int)}, the objects kept in {@code storeFile} (an H2 MVStore) when given. */
    public static LocalApiServer start(String host, int port, Optional<Path> storeFile) {
        ApiStore store = ApiStore.open(storeFile);
        ApiRouter router = new ApiRouter(store, new ObjectMapper(), VERSION);
        Vertx vertx = Vertx.vertx(new VertxOptions().setWorkerPoolSize(8)
                .setBlockedThreadCheckInterval(10).setBlockedThreadCheckIntervalUnit(TimeUnit.SECONDS));
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port)
                .setCompressionSupported(false).setMaxWebSocketFrameSize(64 * 1024 * 1024)
                .setMaxWebSocketMessageSize(64 * 1024 * 1024));
        LocalApiServer[] self = new LocalApiServer[1];
        server.requestHandler(req -> self[0].handle(req));
        try {
            server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            store.close();
            throw new IllegalStateException("cannot listen on " + host + ":" + port
                    + " (is another hsrl-local running? use --port): " + e.getMessage(), e);
        }
        self[0] = new LocalApiServer(vertx, server, store, router, host);
        return self[0];
    }

    private void handle(HttpServerRequest req) {
        String uri = req.uri();
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        Map<String, String> query = q < 0 ? Map.of() : ApiRouter.parseQuery(uri.substring(q + 1));
        boolean watch = "true".equals(query.get("watch")) || "1".equals(query.get("watch"));
        Optional<ApiRouter.ResourcePath> rp = ApiRouter.parseResourcePath(path);
        if (req.method() == io.vertx.core.http.HttpMethod.GET && watch && rp.isPresent()) {
            watch(req, rp.get(), query);
            return;
        }
        req.body().onSuccess(body -> {
            Headers.Builder headers = Headers.builder();
            req.headers().forEach(h -> headers.add(h.getKey(), h.getValue()));
            RecordedRequest recorded = new RecordedRequest("HTTP/1.1", HttpMethod.valueOf(req.method().name()), uri,
                    headers.build(), new Buffer(body.getBytes()));
            vertx.<MockResponse>executeBlocking(() -> router.dispatch(recorded), false).onComplete(done -> {
                HttpServerResponse resp = req.response();
                if (done.failed()) {
                    resp.setStatusCode(500).end(String.valueOf(done.cause()));
                    return;
                }
                MockResponse r = done.result();
                resp.setStatusCode(r.code());
                r.getHeaders().toMultimap().forEach((k, vs) -> vs.forEach(v -> resp.headers().add(k, v)));
                byte[] bytes = r.getBody() == null ? new byte[0] : r.getBody().getBytes();
                resp.end(io.vertx.core.buffer.Buffer.buffer(bytes));
            });
        });
    }

    /**
     * A watch, as kube-apiserver serves it: the events after {@code resourceVersion} (or ADDED for every current
     * object when it is absent or 0), then each change as it happens, until the client goes or
     * {@code timeoutSeconds} pass. {@code Accept: ...;as=Table} gets Table rows (kubectl get -w).
     */
    private void watch(HttpServerRequest req, ApiRouter.ResourcePath rp, Map<String, String> query) {
        String accept = req.getHeader("Accept");
        boolean table = accept != null && accept.contains("as=Table");
        String labels = query.get("labelSelector");
        String fields = query.get("fieldSelector");
        if (rp.name() != null) {
            fields = (fields == null || fields.isEmpty() ? "" : fields + ",") + "metadata.name=" + rp.name();
        }
        String fieldSelector = fields;
        long from = ApiStore.parseLong(query.get("resourceVersion"));
        long seconds = query.containsKey("timeoutSeconds") ? ApiStore.parseLong(query.get("timeoutSeconds"))
                : DEFAULT_WATCH_SECONDS;
        Predicate<WatchHub.Event> filter = e -> e.path().group().equals(rp.group())
                && e.path().resource().equals(rp.resource())
                && (rp.namespace() == null || rp.namespace().equals(e.object().at("/metadata/namespace").asText()))
                && Selectors.matchesLabels(e.object(), labels) && Selectors.matchesFields(e.object(), fieldSelector);
        Context ctx = vertx.getOrCreateContext();
        boolean websocket = req.getHeader("Upgrade") != null;
        if (websocket) {
            req.toWebSocket().onSuccess(ws -> stream(ctx, rp, table, from, seconds, labels, fieldSelector, filter,
                    ws::writeTextMessage, ws::close, ws::closeHandler));
        } else {
            HttpServerResponse resp = req.response();
            resp.setChunked(true).setStatusCode(200).putHeader("Content-Type", "application/json")
                    .putHeader("Transfer-Encoding", "chunked");
            resp.writeHead();
            stream(ctx, rp, table, from, seconds, labels, fieldSelector, filter,
                    line -> resp.write(line + "\n"), () -> resp.end(), h -> resp.closeHandler(h));
        }
    }

    private void stream(Context ctx, ApiRouter.ResourcePath rp, boolean table, long from, long seconds,
                        String labels, String fields, Predicate<WatchHub.Event> filter, Consumer<String> send,
                        Runnable end, Consumer<io.vertx.core.Handler<Void>> onClose) {
        vertx.<WatchHub.Subscription>executeBlocking(() -> {
            List<TableRenderer.Column> columns = table ? router.columnsFor(rp) : List.of();
            Consumer<WatchHub.Event> sink = e -> {
                String line = line(e.type(), e.object(), table, columns);
                ctx.runOnContext(v -> send.accept(line));
            };
            if (from > 0 && !store.hub().resumable(from)) {
                ObjectNode gone = mapper.createObjectNode();
                gone.put("kind", "Status").put("apiVersion", "v1").put("status", "Failure")
                        .put("message", "too old resource version: " + from).put("reason", "Expired").put("code", 410);
                String line = line("ERROR", gone, false, columns);
                ctx.runOnContext(v -> {
                    send.accept(line);
                    end.run();
                });
                return null;
            }
            long after = from;
            if (from <= 0) {
                ObjectNode list = router.list(rp, labels, fields);
                after = ApiStore.parseLong(list.at("/metadata/resourceVersion").asText());
                for (JsonNode item : list.path("items")) {
                    String line = line("ADDED", item, table, columns);
                    ctx.runOnContext(v -> send.accept(line));
                }
            }
            return store.hub().subscribe(after, filter, sink);
        }, true).onSuccess(sub -> {
            if (sub == null) {
                return;
            }
            long timer = vertx.setTimer(Math.max(1, seconds) * 1000, t -> {
                sub.close();
                end.run();
            });
            onClose.accept(v -> {
                sub.close();
                vertx.cancelTimer(timer);
            });
        });
    }

    private String line(String type, JsonNode object, boolean table, List<TableRenderer.Column> columns) {
        ObjectNode e = mapper.createObjectNode();
        e.put("type", type);
        e.set("object", table && !"ERROR".equals(type) ? TableRenderer.render(object, columns) : object);
        try {
            return mapper.writeValueAsString(e);
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** The server URL, e.g. http://127.0.0.1:18080. */
    public String url() {
        return url;
    }

    public int port() {
        return server.actualPort();
    }

    /** Watches open now (for tests). */
    int openWatches() {
        return store.hub().openWatches();
    }

    @Override
    public void close() {
        collector.shutdownNow();
        try {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("stopping the API server: {}", e.toString());
        }
        store.close();
    }
}
