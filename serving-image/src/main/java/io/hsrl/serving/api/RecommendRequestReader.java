package io.hsrl.serving.api;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.hsrl.serving.config.ServingConfig;
import io.hsrl.serving.model.SlateRequest;

/**
 * Reads {@code {"userId", "history", "slateSize", "exclude"}} strictly: every refusal names its field
 * ({@code history[3]}), sizes beyond the configured limits are 413, other faults 400 (data after the JSON object
 * too). Unknown fields are ignored (newer clients).
 */
final class RecommendRequestReader {
    private final ObjectMapper mapper;
    private final ServingConfig config;

    RecommendRequestReader(ObjectMapper mapper, ServingConfig config) {
        this.mapper = mapper;
        this.config = config;
    }

    SlateRequest read(byte[] body, int catalogueItems) throws RequestError {
        if (body == null || body.length == 0) {
            throw new RequestError(400, "body", "the request body is empty; expected a JSON object");
        }
        if (body.length > config.limits().maxBodyBytes()) {
            throw new RequestError(413, "body", "the request body has " + body.length + " bytes, the limit is "
                    + config.limits().maxBodyBytes());
        }
        JsonNode root;
        try {
            // one JSON value and nothing after it: '{} garbage' and '{}{}' are refused
            root = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(body);
        } catch (MismatchedInputException e) {
            throw new RequestError(400, "body", "the request body has data after its JSON value: "
                    + e.getOriginalMessage());
        } catch (JacksonException e) {
            throw new RequestError(400, "body", "the request body is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new RequestError(400, "body", "the request body cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new RequestError(400, "body", "the request body must be a JSON object");
        }
        JsonNode user = root.get("userId");
        String userId = null;
        if (user != null && !user.isNull()) {
            if (!user.isTextual() && !user.isIntegralNumber()) {
                throw new RequestError(400, "userId", "userId must be a string");
            }
            userId = user.asText();
        }
        int slateSize = config.defaultSlateSize();
        JsonNode k = root.get("slateSize");
        if (k != null && !k.isNull()) {
            if (!k.isIntegralNumber() || !k.canConvertToInt()) {
                throw new RequestError(400, "slateSize", "slateSize must be an integer");
            }
            slateSize = k.intValue();
            if (slateSize < 1) {
                throw new RequestError(400, "slateSize", "slateSize must be ≥ 1, was " + slateSize);
            }
            if (slateSize > config.limits().maxSlateSize()) {
                throw new RequestError(413, "slateSize", "slateSize " + slateSize + " exceeds the limit of "
                        + config.limits().maxSlateSize());
            }
        }
        if (slateSize > catalogueItems) {
            throw new RequestError(400, "slateSize", "slateSize " + slateSize + " exceeds the model's "
                    + catalogueItems + " items");
        }
        long[] history = ids(root, "history", config.limits().maxHistory());
        long[] exclude = ids(root, "exclude", config.limits().maxExclude());
        return new SlateRequest(userId, history, slateSize, exclude);
    }

    private static long[] ids(JsonNode root, String field, int limit) throws RequestError {
        JsonNode a = root.get(field);
        if (a == null || a.isNull()) {
            return new long[0];
        }
        if (!a.isArray()) {
            throw new RequestError(400, field, field + " must be an array of item ids");
        }
        if (a.size() > limit) {
            throw new RequestError(413, field, field + " has " + a.size() + " entries, the limit is " + limit);
        }
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = a.get(i);
            if (v.isIntegralNumber() && v.canConvertToLong()) {
                out[i] = v.longValue();
            } else if (v.isTextual() && v.asText().matches("-?\\d{1,18}")) {
                out[i] = Long.parseLong(v.asText());
            } else {
                throw new RequestError(400, field + "[" + i + "]", field + "[" + i + "] must be an integer item id, was "
                        + v);
            }
        }
        return out;
    }
}
