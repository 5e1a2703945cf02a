package io.hsrl.local.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;

import java.io.IOException;

/**
 * Server-side apply, as far as this platform's programs need it (JOSDK applies dependents and patches statuses with
 * SSA unless built otherwise): an absent object is created; a present one gets the applied fields as a JSON merge
 * patch (RFC 7386: objects merge, lists are replaced, fields the applier stops sending are kept, no conflicts
 * between managers, no managedFields); a status apply replaces the status, which each of this platform's kinds has
 * one writer for. A real API server tracks field ownership; see deploy/local/README.md. The resulting write goes
 * through the router's ordinary write path (admission, events).
 */
final class ServerSideApply {
    static final String CONTENT_TYPE = "application/apply-patch+yaml";
    private static final ObjectMapper YAML = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());

    /** Where the computed write goes: the router's write path. */
    interface Writes {
        MockResponse write(HttpMethod method, String path, JsonNode body) throws IOException;

        JsonNode get(String path);

        MockResponse status(int code, String reason, String message);
    }

    private ServerSideApply() {
    }

    static MockResponse apply(ApiRouter.ResourcePath rp, String path, byte[] body, Writes writes) throws IOException {
        JsonNode applied;
        try {
            applied = YAML.readTree(body);
        } catch (IOException e) {
            return writes.status(400, "BadRequest", "apply patch is not YAML/JSON: " + e.getMessage());
        }
        if (!(applied instanceof ObjectNode object) || rp.name() == null) {
            return writes.status(400, "BadRequest", "an apply patch is one object sent to the object's path");
        }
        ObjectNode meta = object.has("metadata") && object.get("metadata").isObject()
                ? (ObjectNode) object.get("metadata") : object.putObject("metadata");
        meta.remove("managedFields");
        JsonNode current = writes.get(path);
        if (rp.subresource() != null) {
            if (!"status".equals(rp.subresource())) {
                return writes.status(415, "UnsupportedMediaType", "apply is not supported on " + rp.subresource());
            }
            if (!(current instanceof ObjectNode stored)) {
                return writes.status(404, "NotFound", path);
            }
            MockResponse conflict = conflict(meta, stored, writes);
            if (conflict != null) {
                return conflict;
            }
            if (object.has("status")) {
                stored.set("status", object.get("status"));
            } else {
                stored.remove("status");
            }
            return writes.write(HttpMethod.PUT, path, stored);
        }
        if (current == null) {
            meta.remove("resourceVersion");
            if (rp.namespace() != null && !meta.has("namespace")) {
                meta.put("namespace", rp.namespace());
            }
            return writes.write(HttpMethod.POST, path.substring(0, path.lastIndexOf('/')), object);
        }
        if (!(current instanceof ObjectNode stored)) {
            return writes.status(404, "NotFound", path);
        }
        MockResponse conflict = conflict(meta, stored, writes);
        if (conflict != null) {
            return conflict;
        }
        meta.remove("resourceVersion");
        object.remove("status");
        mergePatch(stored, object);
        return writes.write(HttpMethod.PUT, path, stored);
    }

    private static MockResponse conflict(ObjectNode meta, ObjectNode stored, Writes writes) {
        String expected = meta.path("resourceVersion").asText("");
        if (!expected.isEmpty() && !expected.equals(stored.at("/metadata/resourceVersion").asText())) {
            return writes.status(409, "Conflict", "the object has been modified; resourceVersion " + expected
                    + " is not the current one");
        }
        return null;
    }

    /** JSON merge patch (RFC 7386): objects merge recursively, null removes, anything else replaces. */
    static void mergePatch(ObjectNode target, ObjectNode patch) {
        patch.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            if (v.isNull()) {
                target.remove(e.getKey());
            } else if (v.isObject() && target.get(e.getKey()) instanceof ObjectNode t) {
                mergePatch(t, (ObjectNode) v);
            } else {
                target.set(e.getKey(), v.deepCopy());
            }
        });
    }
}
