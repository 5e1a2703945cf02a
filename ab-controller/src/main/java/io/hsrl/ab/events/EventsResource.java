package io.hsrl.ab.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hsrl.ab.AbConfig;
import io.hsrl.ab.experiment.ExperimentKey;
import io.hsrl.ab.experiment.ExperimentRegistry;
import io.hsrl.ab.experiment.ExperimentRoute;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST /v1/events}: a batch of clicks, conversions and costs. 401 without a valid bearer token, 400 naming
 * the first invalid field, 200 only once the whole batch is durable (duplicates of earlier event ids are accepted
 * and not counted again).
 */
@Path("/v1/events")
public class EventsResource {
    private final EventStore store;
    private final ExperimentRegistry registry;
    private final EventBatchReader reader;
    private final Optional<String> defaultToken;
    private final MeterRegistry metrics;
    private final ObjectMapper mapper = new ObjectMapper();

    EventsResource(EventStore store, ExperimentRegistry registry, AbConfig config, MeterRegistry metrics) {
        this.store = store;
        this.registry = registry;
        this.reader = new EventBatchReader(registry, store, config.defaultNamespace(), config.events().maxBatch());
        this.defaultToken = config.events().token().filter(t -> !t.isBlank());
        this.metrics = metrics;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public CompletionStage<Response> post(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, byte[] body) {
        String token = bearer(authorization);
        if (token == null) {
            return done(unauthorized());
        }
        boolean isDefault = defaultToken.map(t -> same(t, token)).orElse(false);
        EventBatchReader.Batch batch;
        try {
            JsonNode root = mapper.readTree(body);
            batch = reader.read(root);
        } catch (IOException e) {
            return done(isDefault ? error(400, "body", "not valid JSON") : unauthorized());
        } catch (InvalidEventException e) {
            // Unauthenticated callers learn nothing about the experiments from validation messages.
            return done(isDefault ? error(400, e.field(), e.getMessage()) : unauthorized());
        }
        if (!isDefault && !batch.experiments().stream().allMatch(k -> experimentToken(k, token))) {
            return done(unauthorized());
        }
        int n = batch.records().size();
        return store.append(batch.records()).handle((ok, err) -> {
            if (err != null) {
                return error(503, "events", "not stored: " + err.getMessage());
            }
            // One counter update per type, not per event: this runs on the log's writer thread, before its next fsync.
            Map<EventType, Long> perType = new java.util.EnumMap<>(EventType.class);
            batch.records().forEach(r -> perType.merge(r.type(), 1L, Long::sum));
            perType.forEach((type, count) -> metrics.counter("hsrl.ab.events", "type", type.wireName()).increment(count));
            return Response.ok(Map.of("accepted", n), MediaType.APPLICATION_JSON).build();
        });
    }

    private boolean experimentToken(ExperimentKey key, String token) {
        return registry.find(key).map(ExperimentRoute::eventsToken).map(t -> same(t, token)).orElse(false);
    }

    private static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String t = authorization.substring(7).trim();
        return t.isEmpty() ? null : t;
    }

    private static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static CompletionStage<Response> done(Response r) {
        return CompletableFuture.completedFuture(r);
    }

    private static Response unauthorized() {
        return Response.status(401).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", "a valid bearer token is required")).build();
    }

    private static Response error(int status, String field, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(Map.of("error", message, "field", field)).build();
    }
}
