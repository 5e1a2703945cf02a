package io.hsrl.serving.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hsrl.serving.ServedModel;
import io.hsrl.serving.ServingMetrics;
import io.hsrl.serving.config.ServingConfig;
import io.hsrl.serving.model.Slate;
import io.hsrl.serving.model.SlateRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;

/**
 * The policy's HTTP interface. Requests are validated on the I/O thread, then queued for the micro-batcher; the
 * response completes when the batch's forward pass is done (no thread blocks waiting for it).
 */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
public class RecommendResource {
    private static final Logger ACCESS = Logger.getLogger("io.hsrl.serving.access");

    private final ServedModel model;
    private final ServingMetrics metrics;
    private final RecommendRequestReader reader;

    public RecommendResource(ServedModel model, ServingMetrics metrics, ServingConfig config, ObjectMapper mapper) {
        this.model = model;
        this.metrics = metrics;
        this.reader = new RecommendRequestReader(mapper, config);
    }

    @POST
    @Path("/recommend")
    @Consumes(MediaType.APPLICATION_JSON)
    public CompletionStage<Response> recommend(byte[] body) {
        long start = System.nanoTime();
        ServedModel.Active active = model.active().orElse(null);
        if (active == null) {
            return CompletableFuture.completedFuture(finish(start, null, null, Response.status(503)
                    .entity(new ApiError("model not ready: " + model.detail(), null)).build()));
        }
        SlateRequest request;
        try {
            request = reader.read(body, active.policy().items());
        } catch (RequestError e) {
            return CompletableFuture.completedFuture(finish(start, null, null,
                    Response.status(e.status()).entity(e.body()).build()));
        }
        var stamp = active.policy().describe().stamp();
        return active.batcher().submit(request).handle((slate, error) -> {
            if (error == null) {
                return finish(start, request, slate, Response.ok(new RecommendResponse(slate.items(), slate.sids(),
                        slate.scores(), stamp, slate.unknownHistoryItems())).build());
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof RejectedExecutionException) {
                return finish(start, request, null, Response.status(503)
                        .entity(new ApiError("overloaded: " + cause.getMessage(), null)).build());
            }
            ACCESS.errorf(cause, "recommend failed: user=%s", request.userId());
            return finish(start, request, null, Response.status(500)
                    .entity(new ApiError("the model failed on this request: " + cause.getMessage(), null)).build());
        });
    }

    @GET
    @Path("/model")
    public Response describe() {
        return model.active()
                .map(a -> Response.ok(a.policy().describe()).build())
                .orElseGet(() -> Response.status(503)
                        .entity(Map.of("state", model.state().name(), "detail", model.detail())).build());
    }

    private Response finish(long start, SlateRequest request, Slate slate, Response response) {
        long nanos = System.nanoTime() - start;
        metrics.request(response.getStatus(), nanos);
        if (ACCESS.isDebugEnabled()) {
            ACCESS.debugf("recommend status=%d user=%s history=%d unknown=%d slateSize=%d returned=%d latencyUs=%d",
                    response.getStatus(), request == null ? null : request.userId(),
                    request == null ? -1 : request.history().length, slate == null ? -1 : slate.unknownHistoryItems(),
                    request == null ? -1 : request.slateSize(), slate == null ? -1 : slate.items().length,
                    nanos / 1000);
        }
        return response;
    }
}
