package io.hsrl.local.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.ApplyDefaultsStrategy;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Admission of custom resources as kube-apiserver does it: the object is validated against its CRD version's
 * {@code openAPIV3Schema} (by networknt's JSON-schema validator: type, required, enum, minimum/maximum, pattern,
 * lengths, items) after the schema's defaults are applied, and refused with a 422 {@code Invalid} Status whose causes
 * name each field the way the API server does ({@code spec.levels: Invalid value: 12: spec.levels in body should be
 * less than or equal to 8}). Not evaluated: {@code x-kubernetes-validations} (CEL rules; the operators validate
 * those conditions themselves), {@code format}, and the pruning of unknown fields.
 */
final class SchemaAdmission {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** A refusal's cause: the API server's reason (FieldValueInvalid, ...), message and field path. */
    record Cause(String reason, String message, String field) {}

    private final JsonSchemaFactory factory;
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
            .applyDefaultsStrategy(new ApplyDefaultsStrategy(true, false, false))
            .nullableKeywordEnabled(true)
            .pathType(com.networknt.schema.PathType.LEGACY)
            .build();
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

    SchemaAdmission() {
        // OpenAPI v3 schemas as CRDs write them: draft-4 keywords plus nullable and x-kubernetes-* extensions,
        // which are known here so that they are neither validated nor logged as unknown.
        JsonMetaSchema meta = JsonMetaSchema.builder(JsonMetaSchema.getV4())
                .unknownKeywordFactory((keyword, context) -> new NonValidationKeyword(keyword))
                .build();
        factory = JsonSchemaFactory.builder(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4))
                .metaSchema(meta).defaultMetaSchemaIri(meta.getIri()).build();
    }

    /** The schema of a CRD's version, if it has one. */
    static JsonNode schemaOf(JsonNode crd, String version) {
        for (JsonNode v : crd.at("/spec/versions")) {
            if (v.path("name").asText().equals(version)) {
                JsonNode s = v.at("/schema/openAPIV3Schema");
                return s.isObject() ? s : null;
            }
        }
        return null;
    }

    /**
     * Applies the defaults of the CRD version's schema to {@code object} (in place) and returns the violations,
     * empty when the object is valid or the version has no schema.
     */
    List<Cause> admit(JsonNode crd, String version, ObjectNode object) {
        JsonNode schemaNode = schemaOf(crd, version);
        if (schemaNode == null) {
            return List.of();
        }
        String key = crd.at("/metadata/name").asText() + "/" + version + "/" + crd.at("/metadata/uid").asText()
                + "/" + crd.at("/metadata/resourceVersion").asText();
        JsonSchema schema = schemas.computeIfAbsent(key, k -> factory.getSchema(schemaNode, config));
        List<Cause> causes = new ArrayList<>();
        for (ValidationMessage m : schema.walk(object, true).getValidationMessages()) {
            causes.add(cause(m));
        }
        causes.sort(Comparator.comparing(Cause::field).thenComparing(Cause::message));
        return causes;
    }

    static Cause cause(ValidationMessage m) {
        String at = fieldPath(m.getInstanceLocation().toString());
        JsonNode value = m.getInstanceNode();
        String shown = value == null ? "null" : value.isTextual() ? F.textNode(value.asText()).toString()
                : value.isContainerNode() ? "\"" + (value.isObject() ? "object" : "array") + "\"" : value.toString();
        JsonNode s = m.getSchemaNode();
        switch (m.getType()) {
            case "required": {
                String field = at.isEmpty() ? m.getProperty() : at + "." + m.getProperty();
                return new Cause("FieldValueRequired", "Required value", field);
            }
            case "enum": {
                List<String> allowed = new ArrayList<>();
                s.forEach(v -> allowed.add(v.toString()));
                return new Cause("FieldValueNotSupported", "Unsupported value: " + shown + ": supported values: "
                        + String.join(", ", allowed), at);
            }
            case "maximum":
                return invalid(at, shown, at + " in body should be less than or equal to " + number(s));
            case "minimum":
                return invalid(at, shown, at + " in body should be greater than or equal to " + number(s));
            case "pattern":
                return invalid(at, shown, at + " in body should match '" + s.asText() + "'");
            case "type": {
                String actual = value == null ? "null" : value.isTextual() ? "string" : value.isIntegralNumber()
                        ? "integer" : value.isNumber() ? "number" : value.isBoolean() ? "boolean" : value.isArray()
                        ? "array" : value.isObject() ? "object" : "null";
                return new Cause("FieldValueTypeInvalid", "Invalid value: \"" + actual + "\": " + at
                        + " in body must be of type " + s.asText() + ": \"" + actual + "\"", at);
            }
            case "minLength":
                return invalid(at, shown, at + " in body should be at least " + number(s) + " chars long");
            case "maxLength":
                return new Cause("FieldValueTooLong", "Too long: may not be longer than " + number(s), at);
            case "minItems":
                return invalid(at, shown, at + " in body should have at least " + number(s) + " items");
            case "maxItems":
                return new Cause("FieldValueTooMany", "Too many: must have at most " + number(s) + " items", at);
            default:
                return invalid(at, shown, m.getMessage().replaceFirst("^\\$[.\\w\\[\\]]*: ", ""));
        }
    }

    /** A schema bound as the API server prints it: 8, not 8.0. */
    private static String number(JsonNode n) {
        if (n.isNumber() && n.asDouble() == Math.rint(n.asDouble()) && !Double.isInfinite(n.asDouble())) {
            return Long.toString(n.asLong());
        }
        return n.asText();
    }

    private static Cause invalid(String field, String shown, String detail) {
        return new Cause("FieldValueInvalid", "Invalid value: " + shown + ": " + detail, field);
    }

    /** {@code $.spec.arms[0].name} → {@code spec.arms[0].name}, the API server's field path notation. */
    static String fieldPath(String instanceLocation) {
        String p = instanceLocation.startsWith("$") ? instanceLocation.substring(1) : instanceLocation;
        return p.startsWith(".") ? p.substring(1) : p;
    }

    /** The 422 Status kube-apiserver answers with, for kubectl to print {@code The Kind "name" is invalid: ...}. */
    static ObjectNode invalidStatus(String group, String kind, String name, List<Cause> causes) {
        ObjectNode s = F.objectNode();
        s.put("kind", "Status");
        s.put("apiVersion", "v1");
        s.putObject("metadata");
        s.put("status", "Failure");
        List<String> parts = new ArrayList<>();
        for (Cause c : causes) {
            parts.add(c.field() + ": " + c.message());
        }
        String joined = parts.size() == 1 ? parts.get(0) : "[" + String.join(", ", parts) + "]";
        s.put("message", kind + "." + group + " \"" + name + "\" is invalid: " + joined);
        s.put("reason", "Invalid");
        ObjectNode details = s.putObject("details");
        details.put("name", name);
        details.put("group", group);
        details.put("kind", kind);
        var arr = details.putArray("causes");
        for (Cause c : causes) {
            ObjectNode o = arr.addObject();
            o.put("reason", c.reason());
            o.put("message", c.message());
            o.put("field", c.field());
        }
        s.put("code", 422);
        return s;
    }
}
