package io.hsrl.serving.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hsrl.serving.ServingMetrics;
import io.hsrl.serving.config.ServingConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses a request to {@code /v1/*} whose declared Content-Length exceeds
 * {@code hsrl.serving.limits.max-body-bytes} before its body is read: 413 with the JSON error body every other
 * refusal has, counted in {@code hsrl_serving_requests} like them. (A body sent without a length is measured by
 * {@link RecommendRequestReader} once read.)
 */
@ApplicationScoped
public class BodyLimit {
    private final ServingMetrics metrics;
    private final ServingConfig config;
    private final ObjectMapper mapper;

    public BodyLimit(ServingMetrics metrics, ServingConfig config, ObjectMapper mapper) {
        this.metrics = metrics;
        this.config = config;
        this.mapper = mapper;
    }

    void install(@Observes Router router) {
        router.route("/v1/*").order(Integer.MIN_VALUE).handler(ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            long limit = config.limits().maxBodyBytes();
            long declared;
            try {
                declared = length == null ? -1 : Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                declared = -1;
            }
            if (declared <= limit) {
                ctx.next();
                return;
            }
            long start = System.nanoTime();
            byte[] body;
            try {
                body = mapper.writeValueAsBytes(new ApiError("the request body has " + declared
                        + " bytes, the limit is " + limit, "body"));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            ctx.response().setStatusCode(413)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(io.vertx.core.buffer.Buffer.buffer(body));
            metrics.request(413, System.nanoTime() - start);
        });
    }
}
