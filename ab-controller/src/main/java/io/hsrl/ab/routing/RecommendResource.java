package io.hsrl.ab.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hsrl.ab.AbConfig;
import io.hsrl.ab.experiment.ExperimentKey;
import io.hsrl.ab.experiment.ExperimentRegistry;
import io.hsrl.ab.experiment.ExperimentRoute;
import io.hsrl.ab.stats.ArmAggregate;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /v1/recommend}: the serving API's body plus {@code "experiment"} ("namespace/name" or "name"). The
 * answer is the arm's serving response plus {@code "arm"} and an opaque {@code "exposureId"} for later events.
 */
@Path("/v1/recommend")
public class RecommendResource {
    private final Router router;
    private final ExperimentRegistry registry;
    private final AbConfig config;
    private final ObjectMapper mapper = new ObjectMapper();

    RecommendResource(Router router, ExperimentRegistry registry, AbConfig config) {
        this.router = router;
        this.registry = registry;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public CompletionStage<Response> recommend(byte[] body) {
        ObjectNode request;
        try {
            JsonNode n = mapper.readTree(body);
            if (!(n instanceof ObjectNode o)) {
                return done(400, "body: must be a JSON object");
            }
            request = o;
        } catch (IOException e) {
            return done(400, "body: not valid JSON");
        }
        JsonNode user = request.get("userId");
        if (user == null || !user.isTextual() || user.asText().isEmpty()) {
            return done(400, "userId: required, a non-empty string");
        }
        JsonNode exp = request.remove("experiment");
        if (exp == null || !exp.isTextual()) {
            return done(400, "experiment: required, 'namespace/name' or 'name'");
        }
        ExperimentKey key;
        try {
            key = ExperimentKey.parse(exp.asText(), config.defaultNamespace());
        } catch (IllegalArgumentException e) {
            return done(400, "experiment: " + e.getMessage());
        }
        Optional<ExperimentRoute> route = registry.find(key);
        if (route.isEmpty()) {
            return done(404, "experiment: no experiment " + key + " is routed by this controller");
        }
        String userId = user.asText();
        ArmAggregate.Covariate covariate;
        try {
            covariate = covariate(request.remove("covariate"));
        } catch (IllegalArgumentException e) {
            return done(400, e.getMessage());
        }
        byte[] forwarded;
        try {
            forwarded = mapper.writeValueAsBytes(request);
        } catch (IOException e) {
            return done(500, e.getMessage());
        }
        return router.route(route.get(), userId, forwarded, covariate).handle((r, err) -> {
            if (err != null) {
                Throwable c = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
                int status = c instanceof Router.UpstreamError u ? (u.status() >= 500 ? 502 : u.status()) : 502;
                if (c instanceof Router.UpstreamError u && u.status() == 503) {
                    status = 503;
                }
                return error(status, "serving: " + c.getMessage());
            }
            ObjectNode out = r.body();
            out.put("arm", r.arm().wireName());
            out.put("exposureId", new ExposureId(key, r.arm(), userId).encode());
            if (r.fallback()) {
                out.put("fallback", true);
            }
            return Response.ok(out, MediaType.APPLICATION_JSON).build();
        });
    }

    /** The most pre-experiment exposures or conversions a user's covariate may state. */
    static final long MAX_COVARIATE = 1_000_000_000L;

    /**
     * {@code "covariate": {"exposures": n, "conversions": m}}: the user's history before the experiment (CUPED).
     * Optional; both counts integers from 0 to {@link #MAX_COVARIATE}.
     */
    static ArmAggregate.Covariate covariate(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            throw new IllegalArgumentException("covariate: must be an object {\"exposures\": n, \"conversions\": m}");
        }
        long exposures = count(n, "exposures");
        long conversions = count(n, "conversions");
        return new ArmAggregate.Covariate(exposures, conversions);
    }

    private static long count(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0 || v.asLong() > MAX_COVARIATE) {
            throw new IllegalArgumentException("covariate." + field + ": required, an integer from 0 to " + MAX_COVARIATE);
        }
        return v.asLong();
    }

    private static CompletionStage<Response> done(int status, String message) {
        return CompletableFuture.completedFuture(error(status, message));
    }

    static Response error(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(Map.of("error", message)).build();
    }
}
