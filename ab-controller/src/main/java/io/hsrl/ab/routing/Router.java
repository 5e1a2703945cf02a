package io.hsrl.ab.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hsrl.ab.AbConfig;
import io.hsrl.ab.events.EventStore;
import io.hsrl.ab.events.EventType;
import io.hsrl.ab.events.LogRecord;
import io.hsrl.ab.experiment.Arm;
import io.hsrl.ab.experiment.ExperimentRegistry;
import io.hsrl.ab.experiment.ExperimentRoute;
import io.hsrl.ab.stats.ArmAggregate;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Forwards a recommend call to the user's arm. When the treatment fails (connection error, timeout, 5xx) the call
 * is answered once by the control instead — never the other way round, never more than once — and counted as a
 * fallback. The exposure stays with the assigned arm (intention to treat: a treatment that falls back is part of
 * what shipping the treatment means), and the response says so ({@code "fallback": true}).
 */
@ApplicationScoped
public class Router {
    private static final Logger LOG = Logger.getLogger(Router.class);

    private final HttpClient client;
    private final Duration timeout;
    private final EndpointRewrites rewrites;
    private final ExperimentRegistry registry;
    private final EventStore store;
    private final MeterRegistry metrics;
    private final ObjectMapper mapper = new ObjectMapper();

    public Router(AbConfig config, ExperimentRegistry registry, EventStore store, MeterRegistry metrics) {
        this.timeout = config.routing().timeout();
        this.rewrites = new EndpointRewrites(config.routing().endpointsFile());
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
        this.registry = registry;
        this.store = store;
        this.metrics = metrics;
    }

    /** A served slate: the serving response, for the user's assigned arm. */
    public record Routed(Arm arm, boolean fallback, int status, ObjectNode body) {
    }

    /** An answer from a serving endpoint that is not a slate (passed through to the caller as is). */
    public static final class UpstreamError extends RuntimeException {
        private final int status;

        UpstreamError(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    public CompletableFuture<Routed> route(ExperimentRoute route, String userId, byte[] body) {
        return route(route, userId, body, null);
    }

    /**
     * @param covariate the user's history before the experiment, sent with the request (null when not sent): recorded
     *                  with the exposure, for CUPED
     */
    public CompletableFuture<Routed> route(ExperimentRoute route, String userId, byte[] body,
            ArmAggregate.Covariate covariate) {
        Arm arm = route.assign(userId);
        CompletableFuture<Routed> first;
        if (route.endpoint(arm) == null) {
            first = CompletableFuture.failedFuture(new UpstreamError(503, "no endpoint for the " + arm.wireName() + " arm"));
        } else {
            first = call(route.endpoint(arm), body).thenApply(r -> new Routed(arm, false, r.status(), r.body()));
        }
        CompletableFuture<Routed> answered = first;
        if (arm == Arm.TREATMENT) {
            answered = first.handle((ok, err) -> {
                if (err == null || !retriable(err) || route.controlEndpoint() == null) {
                    return err == null ? CompletableFuture.completedFuture(ok) : CompletableFuture.<Routed>failedFuture(err);
                }
                registry.countFallback(route.key());
                metrics.counter("hsrl.ab.fallbacks", "experiment", route.key().toString()).increment();
                LOG.debugf("treatment of %s failed (%s): falling back to control", route.key(), cause(err).getMessage());
                return call(route.controlEndpoint(), body).thenApply(r -> new Routed(arm, true, r.status(), r.body()));
            }).thenCompose(f -> f);
        }
        return answered.whenComplete((r, err) -> {
            metrics.counter("hsrl.ab.recommend", "experiment", route.key().toString(), "arm", arm.wireName(),
                    "outcome", err != null ? "error" : r.fallback() ? "fallback" : "ok").increment();
            if (err == null) {
                // Each served slate is an exposure. Not awaited: a slate is not held back for an fsync; the next
                // group commit makes it durable (and any event that refers to it is durable only after it).
                String exp = route.key().toString();
                List<LogRecord> records = covariate == null
                        ? List.of(new LogRecord(EventType.EXPOSURE, null, exp, arm, userId, 1))
                        : List.of(new LogRecord(EventType.EXPOSURE, null, exp, arm, userId, 1),
                                new LogRecord(EventType.PRE_EXPOSURES, null, exp, arm, userId, covariate.exposures()),
                                new LogRecord(EventType.PRE_CONVERSIONS, null, exp, arm, userId, covariate.conversions()));
                store.append(records)
                        .exceptionally(e -> {
                            LOG.warnf("exposure of %s not recorded: %s", route.key(), e.getMessage());
                            return null;
                        });
            }
        });
    }

    private static Throwable cause(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    private static boolean retriable(Throwable t) {
        Throwable c = cause(t);
        return !(c instanceof UpstreamError u) || u.status() >= 500;
    }

    private record Reply(int status, ObjectNode body) {
    }

    private CompletableFuture<Reply> call(String endpoint, byte[] body) {
        HttpRequest request = HttpRequest.newBuilder(recommendUri(rewrites.apply(endpoint))).timeout(timeout)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).thenApply(resp -> {
            if (resp.statusCode() / 100 != 2) {
                throw new UpstreamError(resp.statusCode(), new String(resp.body(), java.nio.charset.StandardCharsets.UTF_8));
            }
            try {
                JsonNode n = mapper.readTree(resp.body());
                if (!(n instanceof ObjectNode o)) {
                    throw new UpstreamError(502, "serving answered with a non-object JSON");
                }
                return new Reply(resp.statusCode(), o);
            } catch (IOException e) {
                throw new UpstreamError(502, "serving answered with invalid JSON: " + e.getMessage());
            }
        });
    }

    /** The HsrlServing endpoint is the service URL; the recommend path is appended unless it is already there. */
    static URI recommendUri(String endpoint) {
        String e = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
        return URI.create(e.endsWith("/v1/recommend") ? e : e + "/v1/recommend");
    }
}
