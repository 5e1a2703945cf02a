package io.hsrl.ab.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsrl.ab.experiment.Arm;
import io.hsrl.ab.experiment.ExperimentKey;
import io.hsrl.ab.experiment.ExperimentRegistry;
import io.hsrl.ab.experiment.ExperimentRoute;
import io.hsrl.ab.routing.ExposureId;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Validates a batch {@code {"events": [{eventId, exposureId | (experiment, userId), type, value}, ...]}} and resolves
 * each event to a log record (experiment and arm included). Every error names the event's index and the field.
 */
public final class EventBatchReader {
    private static final int MAX_ID = 200;
    private static final int MAX_USER = 256;
    /**
     * The largest cost one event may carry. A cost is one click's or one conversion's price; a value beyond this is
     * a unit or encoding error, and accepting it would make an arm's sums overflow to infinity (1e308 + 1e308).
     */
    public static final double MAX_COST = 1_000_000;

    /** The resolved records and the experiments they touch (for the token check). */
    public record Batch(List<LogRecord> records, Set<ExperimentKey> experiments) {
    }

    private final ExperimentRegistry registry;
    private final EventStore store;
    private final String defaultNamespace;
    private final int maxBatch;

    public EventBatchReader(ExperimentRegistry registry, EventStore store, String defaultNamespace, int maxBatch) {
        this.registry = registry;
        this.store = store;
        this.defaultNamespace = defaultNamespace;
        this.maxBatch = maxBatch;
    }

    public Batch read(JsonNode root) throws InvalidEventException {
        if (root == null || !root.isObject()) {
            throw new InvalidEventException("body", "must be a JSON object {\"events\": [...]}");
        }
        JsonNode events = root.get("events");
        if (events == null || !events.isArray()) {
            throw new InvalidEventException("events", "required, an array");
        }
        if (events.isEmpty() || events.size() > maxBatch) {
            throw new InvalidEventException("events", "must hold 1 to " + maxBatch + " events, has " + events.size());
        }
        List<LogRecord> out = new ArrayList<>(events.size());
        Set<ExperimentKey> experiments = new LinkedHashSet<>();
        for (int i = 0; i < events.size(); i++) {
            String at = "events[" + i + "]";
            JsonNode e = events.get(i);
            if (!e.isObject()) {
                throw new InvalidEventException(at, "must be an object");
            }
            String eventId = text(e, at, "eventId", MAX_ID, true);
            String typeText = text(e, at, "type", 32, true);
            EventType type = EventType.fromClient(typeText).orElseThrow(() ->
                    new InvalidEventException(at + ".type", "must be one of click, conversion, cost; was '" + typeText + "'"));
            double value = value(e, at, type);

            String exposure = text(e, at, "exposureId", 1024, false);
            String experimentText = text(e, at, "experiment", 300, false);
            String userId = text(e, at, "userId", MAX_USER, false);
            ExperimentKey key;
            Arm arm;
            if (exposure != null) {
                ExposureId x = ExposureId.decode(exposure).orElseThrow(() ->
                        new InvalidEventException(at + ".exposureId", "not an exposure id issued by this controller"));
                if (experimentText != null && !parse(experimentText, at).equals(x.experiment())) {
                    throw new InvalidEventException(at + ".experiment", "does not match the exposure's experiment " + x.experiment());
                }
                if (userId != null && !userId.equals(x.userId())) {
                    throw new InvalidEventException(at + ".userId", "does not match the exposure's user");
                }
                key = x.experiment();
                userId = x.userId();
                arm = x.arm();
                route(key, at + ".exposureId");
            } else {
                if (experimentText == null) {
                    throw new InvalidEventException(at + ".experiment", "required when there is no exposureId");
                }
                if (userId == null) {
                    throw new InvalidEventException(at + ".userId", "required when there is no exposureId");
                }
                key = parse(experimentText, at);
                ExperimentRoute route = route(key, at + ".experiment");
                // The arm the user was exposed in; a user never exposed gets their sticky assignment.
                String user = userId;
                arm = store.armOf(key.toString(), userId).orElseGet(() -> route.assign(user));
            }
            experiments.add(key);
            out.add(new LogRecord(type, eventId, key.toString(), arm, userId, value));
        }
        return new Batch(out, experiments);
    }

    private ExperimentKey parse(String text, String at) throws InvalidEventException {
        try {
            return ExperimentKey.parse(text, defaultNamespace);
        } catch (IllegalArgumentException ex) {
            throw new InvalidEventException(at + ".experiment", ex.getMessage());
        }
    }

    private ExperimentRoute route(ExperimentKey key, String field) throws InvalidEventException {
        Optional<ExperimentRoute> r = registry.find(key);
        if (r.isEmpty()) {
            throw new InvalidEventException(field, "unknown experiment " + key);
        }
        return r.get();
    }

    private static String text(JsonNode e, String at, String field, int max, boolean required) throws InvalidEventException {
        JsonNode n = e.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                throw new InvalidEventException(at + "." + field, "required");
            }
            return null;
        }
        if (!n.isTextual() || n.asText().isEmpty() || n.asText().length() > max) {
            throw new InvalidEventException(at + "." + field, "must be a string of 1 to " + max + " characters");
        }
        return n.asText();
    }

    /** Cost: the amount (required, 0 to {@link #MAX_COST}). Click and conversion: a count (default 1, integer 1 to 1000). */
    private static double value(JsonNode e, String at, EventType type) throws InvalidEventException {
        JsonNode n = e.get("value");
        String field = at + ".value";
        if (type == EventType.COST) {
            if (n == null || !n.isNumber() || !Double.isFinite(n.asDouble()) || n.asDouble() < 0
                    || n.asDouble() > MAX_COST) {
                throw new InvalidEventException(field, "required for cost, a number from 0 to " + (long) MAX_COST
                        + (n != null && n.isNumber() ? "; was " + n.asText() : ""));
            }
            return n.asDouble();
        }
        if (n == null || n.isNull()) {
            return 1;
        }
        if (!n.isIntegralNumber() || n.asLong() < 1 || n.asLong() > 1000) {
            throw new InvalidEventException(field, "for " + type.wireName() + ", a count: an integer from 1 to 1000");
        }
        return n.asLong();
    }
}
