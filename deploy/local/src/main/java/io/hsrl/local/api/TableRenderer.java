package io.hsrl.local.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Renders objects as a {@code meta.k8s.io/v1 Table}, which is what {@code kubectl get} asks the server for: CRD kinds
 * from their additionalPrinterColumns (as kube-apiserver does), a few built-in kinds from fixed columns.
 */
public final class TableRenderer {
    private TableRenderer() {
    }

    /** One printed column: what the server would put in {@code columnDefinitions} plus how to compute a cell. */
    public record Column(String name, String type, int priority, Function<JsonNode, JsonNode> value) {
        static Column path(String name, String type, int priority, String jsonPath) {
            SimpleJsonPath p = SimpleJsonPath.parse(jsonPath);
            return new Column(name, type, priority, p::first);
        }
    }

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** Columns of a CRD version's additionalPrinterColumns; an unsupported JSONPath prints nothing, never fails. */
    public static List<Column> fromPrinterColumns(JsonNode printerColumns) {
        List<Column> cols = new ArrayList<>();
        if (printerColumns == null) {
            return List.of(age());
        }
        for (JsonNode c : printerColumns) {
            String name = c.path("name").asText();
            String type = c.path("type").asText("string");
            int priority = c.path("priority").asInt(0);
            try {
                Column col = Column.path(name, type, priority, c.path("jsonPath").asText());
                if ("date".equals(type)) {
                    Function<JsonNode, JsonNode> raw = col.value();
                    col = new Column(name, "string", priority, o -> ageOf(raw.apply(o)));
                }
                cols.add(col);
            } catch (IllegalArgumentException unsupported) {
                cols.add(new Column(name, type, priority, o -> null));
            }
        }
        return cols;
    }

    /** Default columns of the built-in kinds this platform uses (a subset of kubectl's own). */
    public static List<Column> builtin(String resource) {
        return switch (resource) {
            case "deployments" -> List.of(
                    new Column("Ready", "string", 0, o -> F.textNode(o.at("/status/readyReplicas").asInt(0) + "/"
                            + o.at("/spec/replicas").asInt(1))),
                    Column.path("Up-to-date", "integer", 0, ".status.updatedReplicas"),
                    Column.path("Available", "integer", 0, ".status.availableReplicas"),
                    age(),
                    new Column("Images", "string", 1, o -> join(o, "/spec/template/spec/containers", "image")));
            case "jobs" -> List.of(
                    new Column("Status", "string", 0, TableRenderer::jobStatus),
                    new Column("Completions", "string", 0, o -> F.textNode(o.at("/status/succeeded").asInt(0) + "/"
                            + o.at("/spec/completions").asInt(1))),
                    age(),
                    new Column("Images", "string", 1, o -> join(o, "/spec/template/spec/containers", "image")));
            case "services" -> List.of(
                    Column.path("Type", "string", 0, ".spec.type"),
                    Column.path("Cluster-IP", "string", 0, ".spec.clusterIP"),
                    new Column("Ports", "string", 0, o -> join(o, "/spec/ports", "port")),
                    age());
            case "pods" -> List.of(Column.path("Status", "string", 0, ".status.phase"), age());
            case "secrets" -> List.of(Column.path("Type", "string", 0, ".type"),
                    new Column("Data", "integer", 0, o -> F.numberNode(o.path("data").size())), age());
            case "configmaps" -> List.of(
                    new Column("Data", "integer", 0, o -> F.numberNode(o.path("data").size())), age());
            case "events" -> List.of(Column.path("Type", "string", 0, ".type"),
                    Column.path("Reason", "string", 0, ".reason"),
                    new Column("Object", "string", 0, o -> F.textNode(o.at("/involvedObject/kind").asText().toLowerCase()
                            + "/" + o.at("/involvedObject/name").asText())),
                    Column.path("Message", "string", 0, ".message"));
            default -> List.of(age());
        };
    }

    private static Column age() {
        return new Column("Age", "string", 0, o -> ageOf(o.at("/metadata/creationTimestamp")));
    }

    private static JsonNode jobStatus(JsonNode job) {
        for (JsonNode c : job.at("/status/conditions")) {
            if ("True".equals(c.path("status").asText())
                    && ("Complete".equals(c.path("type").asText()) || "Failed".equals(c.path("type").asText()))) {
                return F.textNode(c.path("type").asText());
            }
        }
        return F.textNode(job.at("/status/active").asInt(0) > 0 ? "Running" : "Pending");
    }

    private static JsonNode join(JsonNode o, String arrayPointer, String field) {
        List<String> parts = new ArrayList<>();
        for (JsonNode e : o.at(arrayPointer)) {
            parts.add(e.path(field).asText());
        }
        return F.textNode(String.join(",", parts));
    }

    static JsonNode ageOf(JsonNode timestamp) {
        if (timestamp == null || timestamp.isNull() || timestamp.isMissingNode() || timestamp.asText().isEmpty()) {
            return F.textNode("<unknown>");
        }
        try {
            Duration d = Duration.between(Instant.parse(timestamp.asText()), Instant.now());
            return F.textNode(humanDuration(d));
        } catch (DateTimeParseException e) {
            return F.textNode("<invalid>");
        }
    }

    /** The rounding of k8s.io/apimachinery's duration.HumanDuration. */
    static String humanDuration(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 120) {
            return s + "s";
        }
        long m = s / 60;
        if (m < 10) {
            return m + "m" + (s % 60 == 0 ? "" : (s % 60) + "s");
        }
        if (m < 180) {
            return m + "m";
        }
        long h = m / 60;
        if (h < 8) {
            return h + "h" + (m % 60 == 0 ? "" : (m % 60) + "m");
        }
        if (h < 48) {
            return h + "h";
        }
        long days = h / 24;
        if (h < 24 * 8) {
            return days + "d" + (h % 24 == 0 ? "" : (h % 24) + "h");
        }
        return days + "d";
    }

    /** A Table of one object or of a list's items. */
    public static ObjectNode render(JsonNode objectOrList, List<Column> columns) {
        ObjectNode table = F.objectNode();
        table.put("kind", "Table");
        table.put("apiVersion", "meta.k8s.io/v1");
        ObjectNode meta = table.putObject("metadata");
        if (objectOrList.at("/metadata/resourceVersion").isTextual()) {
            meta.put("resourceVersion", objectOrList.at("/metadata/resourceVersion").asText());
        }
        ArrayNode defs = table.putArray("columnDefinitions");
        defs.add(columnDefinition("Name", "string", "name", 0, "Name must be unique within a namespace."));
        for (Column c : columns) {
            defs.add(columnDefinition(c.name(), c.type(), "", c.priority(), c.name()));
        }
        ArrayNode rows = table.putArray("rows");
        if (objectOrList.has("items")) {
            for (JsonNode item : objectOrList.path("items")) {
                rows.add(row(item, columns));
            }
        } else {
            rows.add(row(objectOrList, columns));
        }
        return table;
    }

    private static ObjectNode columnDefinition(String name, String type, String format, int priority, String description) {
        ObjectNode d = F.objectNode();
        d.put("name", name);
        d.put("type", "date".equals(type) ? "string" : type);
        d.put("format", format);
        d.put("description", description);
        d.put("priority", priority);
        return d;
    }

    private static ObjectNode row(JsonNode object, List<Column> columns) {
        ObjectNode row = F.objectNode();
        ArrayNode cells = row.putArray("cells");
        cells.add(object.at("/metadata/name").asText());
        for (Column c : columns) {
            JsonNode v;
            try {
                v = c.value().apply(object);
            } catch (RuntimeException e) {
                v = null;
            }
            cells.add(v == null || v.isMissingNode() ? F.nullNode() : v);
        }
        ObjectNode partial = row.putObject("object");
        partial.put("kind", "PartialObjectMetadata");
        partial.put("apiVersion", "meta.k8s.io/v1");
        ObjectNode metadata = object.path("metadata").deepCopy();
        metadata.remove("managedFields");
        partial.set("metadata", metadata);
        return row;
    }
}
