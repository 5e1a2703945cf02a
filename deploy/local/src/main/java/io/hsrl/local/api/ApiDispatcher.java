package io.hsrl.local.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Puts what kubectl needs in front of the Fabric8 CRUD mock: discovery documents, {@code /version}, server-side
 * Tables for {@code kubectl get}, list resourceVersions, and watches over plain HTTP (kubectl does not use the
 * WebSocket watches the mock serves). A plain-HTTP watch is a long poll: it answers the changes since the requested
 * resourceVersion (deletions included, from tombstones this class records), or waits one second and answers none;
 * kubectl's reflector then watches again, so {@code kubectl get -w} and {@code kubectl wait} see changes within about
 * a second. Server-side apply is emulated (create or merge, see {@link #serverSideApply}) and owner references are
 * garbage-collected ({@link #collectGarbage}, run periodically by {@link LocalApiServer}). Everything else goes to
 * the CRUD mock unchanged.
 */
final class ApiDispatcher extends Dispatcher {
    private static final int TOMBSTONES = 2000;
    private static final Duration EMPTY_WATCH_DELAY = Duration.ofSeconds(1);
    private static final String APPLY_PATCH = "application/apply-patch+yaml";
    private static final ObjectMapper YAML = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());

    private final KubernetesCrudDispatcher crud;
    private final ObjectMapper mapper;
    private final String gitVersion;
    private final Deque<Tombstone> tombstones = new ArrayDeque<>();

    private record Tombstone(String collection, String namespace, long resourceVersion, JsonNode object) {}

    /** The parts of a resource path; collection is the path prefix up to the resource name without namespace. */
    record ResourcePath(String group, String version, String namespace, String resource, String name,
                        String subresource) {
        String collection() {
            return (group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version) + "/" + resource;
        }
    }

    ApiDispatcher(KubernetesCrudDispatcher crud, ObjectMapper mapper, String gitVersion) {
        this.crud = crud;
        this.mapper = mapper;
        this.gitVersion = gitVersion;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        try {
            return route(request);
        } catch (RuntimeException | IOException e) {
            return status(500, "InternalError", e.toString());
        }
    }

    private MockResponse route(RecordedRequest request) throws IOException {
        String full = request.getPath();
        int q = full.indexOf('?');
        String path = q < 0 ? full : full.substring(0, q);
        Map<String, String> query = q < 0 ? Map.of() : parseQuery(full.substring(q + 1));
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String method = request.getMethod();
        if ("GET".equals(method)) {
            Optional<MockResponse> meta = metaEndpoint(path);
            if (meta.isPresent()) {
                return meta.get();
            }
        }
        Optional<ResourcePath> rp = parseResourcePath(path);
        boolean watch = "true".equals(query.get("watch")) || "1".equals(query.get("watch"));
        boolean websocket = request.getHeader("Upgrade") != null;
        if ("GET".equals(method) && watch && !websocket && rp.isPresent()) {
            return pollingWatch(rp.get(), query, wantsTable(request));
        }
        if ("POST".equals(method) && (path.endsWith("/selfsubjectrulesreviews") || path.endsWith("/selfsubjectaccessreviews"))) {
            return accessReview(path, request);
        }
        MockResponse response = "PATCH".equals(method) && rp.isPresent() && isApplyPatch(request)
                ? serverSideApply(rp.get(), path, request) : crud.dispatch(request);
        if ("DELETE".equals(method) && rp.isPresent() && response.code() == 200) {
            recordTombstone(rp.get(), response);
        }
        if ("GET".equals(method) && !watch && rp.isPresent() && response.code() == 200) {
            JsonNode body = bodyOf(response);
            if (body != null && body.has("items")) {
                fillListResourceVersion((ObjectNode) body);
            }
            if (body != null && wantsTable(request) && rp.get().subresource() == null) {
                return json(200, TableRenderer.render(body, columnsFor(rp.get())));
            }
            if (body != null && body.has("items")) {
                return json(200, body);
            }
        }
        if (response.getHeaders().get("Content-Type") == null && response.getBody() != null
                && response.getBody().size() > 0) {
            // The mock sends no Content-Type; kubectl then decodes by its first Accept type, protobuf for built-in
            // kinds ("provided data does not appear to be a protobuf message").
            response.setHeader("Content-Type", "application/json");
        }
        return response;
    }

    private static boolean isApplyPatch(RecordedRequest request) {
        String type = request.getHeader("Content-Type");
        return type != null && type.startsWith(APPLY_PATCH);
    }

    /**
     * Server-side apply, as far as this platform's programs need it (JOSDK applies dependents and patches statuses
     * with SSA unless built otherwise): an absent object is created; a present one gets the applied fields as a JSON
     * merge patch (RFC 7386: objects merge, lists are replaced, fields the applier stops sending are kept, no
     * conflicts between managers, no managedFields); a status apply replaces the status, which each of this
     * platform's kinds has one writer for. A real API server tracks field ownership; see deploy/local/README.md.
     */
    private MockResponse serverSideApply(ResourcePath rp, String path, RecordedRequest request) throws IOException {
        JsonNode applied;
        try {
            applied = YAML.readTree(request.getBody().getBytes());
        } catch (IOException e) {
            return status(400, "BadRequest", "apply patch is not YAML/JSON: " + e.getMessage());
        }
        if (!(applied instanceof ObjectNode object) || rp.name() == null) {
            return status(400, "BadRequest", "an apply patch is one object sent to the object's path");
        }
        ObjectNode meta = object.has("metadata") && object.get("metadata").isObject()
                ? (ObjectNode) object.get("metadata") : object.putObject("metadata");
        meta.remove("managedFields");
        MockResponse current = crud.handleGet(path);
        if (rp.subresource() != null) {
            if (!"status".equals(rp.subresource())) {
                return status(415, "UnsupportedMediaType", "apply is not supported on " + rp.subresource());
            }
            JsonNode stored = current.code() == 200 ? bodyOf(current) : null;
            if (!(stored instanceof ObjectNode storedObject)) {
                return status(404, "NotFound", path);
            }
            String expected = meta.path("resourceVersion").asText("");
            if (!expected.isEmpty() && !expected.equals(storedObject.at("/metadata/resourceVersion").asText())) {
                return status(409, "Conflict", "the object has been modified; resourceVersion " + expected
                        + " is not the current one");
            }
            if (object.has("status")) {
                storedObject.set("status", object.get("status"));
            } else {
                storedObject.remove("status");
            }
            return forward(io.fabric8.mockwebserver.dsl.HttpMethod.PUT, path, "application/json", storedObject);
        }
        if (current.code() != 200) {
            meta.remove("resourceVersion");
            if (rp.namespace() != null && !meta.has("namespace")) {
                meta.put("namespace", rp.namespace());
            }
            return forward(io.fabric8.mockwebserver.dsl.HttpMethod.POST, path.substring(0, path.lastIndexOf('/')),
                    "application/json", object);
        }
        // The mock's own merge patch concatenates lists; RFC 7386 replaces them, as apply does for atomic lists.
        JsonNode stored = bodyOf(current);
        if (!(stored instanceof ObjectNode storedObject)) {
            return status(404, "NotFound", path);
        }
        String expected = meta.path("resourceVersion").asText("");
        if (!expected.isEmpty() && !expected.equals(storedObject.at("/metadata/resourceVersion").asText())) {
            return status(409, "Conflict", "the object has been modified; resourceVersion " + expected
                    + " is not the current one");
        }
        meta.remove("resourceVersion");
        object.remove("status");
        mergePatch(storedObject, object);
        return forward(io.fabric8.mockwebserver.dsl.HttpMethod.PUT, path, "application/json", storedObject);
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

    private MockResponse forward(io.fabric8.mockwebserver.dsl.HttpMethod method, String path, String contentType,
                                 JsonNode body) throws IOException {
        return crud.dispatch(new RecordedRequest("HTTP/1.1", method, path,
                Headers.builder().add("Content-Type", contentType).build(),
                new Buffer(mapper.writeValueAsBytes(body))));
    }

    /**
     * One pass of owner-reference garbage collection, as kube-controller-manager's collector does (background
     * propagation): an object all of whose owners are gone (not found, or found with another uid) is deleted, which
     * in turn orphans its own dependents for the next pass. Returns how many objects were deleted.
     */
    int collectGarbage() throws IOException {
        List<Discovery.Resource> resources = allResources();
        int deleted = 0;
        for (Discovery.Resource r : resources) {
            MockResponse list = crud.handleGet(listPath(r, null));
            JsonNode body = list.code() == 200 ? bodyOf(list) : null;
            if (body == null) {
                continue;
            }
            for (JsonNode item : body.path("items")) {
                JsonNode owners = item.at("/metadata/ownerReferences");
                if (!owners.isArray() || owners.isEmpty()) {
                    continue;
                }
                String namespace = item.at("/metadata/namespace").asText(null);
                boolean anyOwnerLeft = false;
                for (JsonNode owner : owners) {
                    if (ownerExists(resources, owner, namespace)) {
                        anyOwnerLeft = true;
                        break;
                    }
                }
                if (!anyOwnerLeft) {
                    String path = listPath(r, r.namespaced() ? namespace : null) + "/" + item.at("/metadata/name").asText();
                    MockResponse gone = dispatch(new RecordedRequest("HTTP/1.1",
                            io.fabric8.mockwebserver.dsl.HttpMethod.DELETE, path, Headers.builder().build(), new Buffer()));
                    if (gone.code() == 200) {
                        deleted++;
                    }
                }
            }
        }
        return deleted;
    }

    private boolean ownerExists(List<Discovery.Resource> resources, JsonNode owner, String namespace)
            throws IOException {
        String apiVersion = owner.path("apiVersion").asText();
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        for (Discovery.Resource r : resources) {
            if (r.group().equals(group) && r.version().equals(version) && r.kind().equals(owner.path("kind").asText())) {
                MockResponse got = crud.handleGet(listPath(r, r.namespaced() ? namespace : null) + "/"
                        + owner.path("name").asText());
                JsonNode o = got.code() == 200 ? bodyOf(got) : null;
                return o != null && owner.path("uid").asText().equals(o.at("/metadata/uid").asText());
            }
        }
        // An owner of a kind this server does not serve cannot be checked: keep the dependent, as a real collector
        // keeps dependents whose owner's kind it cannot resolve.
        return true;
    }

    private static String listPath(Discovery.Resource r, String namespace) {
        String base = r.group().isEmpty() ? "/api/" + r.version() : "/apis/" + r.group() + "/" + r.version();
        return base + (namespace == null ? "" : "/namespaces/" + namespace) + "/" + r.plural();
    }

    /**
     * The embedded API has no RBAC: every access review is allowed. Clients that check their rights before acting
     * (JOSDK's leader election asks for its Lease rights at start-up) then run as they would on a cluster.
     */
    private MockResponse accessReview(String path, RecordedRequest request) throws IOException {
        ObjectNode review = request.getBody().size() > 0
                ? (ObjectNode) mapper.readTree(request.getBody().readByteArray()) : mapper.createObjectNode();
        if (!review.has("metadata")) {
            review.putObject("metadata");
        }
        ObjectNode status = review.putObject("status");
        if (path.endsWith("/selfsubjectaccessreviews")) {
            status.put("allowed", true);
            status.put("reason", "the embedded API server has no RBAC");
        } else {
            ObjectNode leases = status.putArray("resourceRules").addObject();
            leases.putArray("verbs").add("get").add("list").add("watch").add("create").add("update").add("patch")
                    .add("delete");
            leases.putArray("apiGroups").add("coordination.k8s.io");
            leases.putArray("resources").add("leases");
            ObjectNode all = ((com.fasterxml.jackson.databind.node.ArrayNode) status.get("resourceRules")).addObject();
            all.putArray("verbs").add("*");
            all.putArray("apiGroups").add("*");
            all.putArray("resources").add("*");
            status.putArray("nonResourceRules").addObject().putArray("verbs").add("*");
            ((ObjectNode) status.get("nonResourceRules").get(0)).putArray("nonResourceURLs").add("*");
            status.put("incomplete", false);
        }
        return json(201, review);
    }

    private Optional<MockResponse> metaEndpoint(String path) throws IOException {
        if (path.equals("/version")) {
            ObjectNode v = mapper.createObjectNode();
            v.put("major", "1");
            v.put("minor", "32");
            v.put("gitVersion", gitVersion);
            v.put("platform", "linux/amd64");
            return Optional.of(json(200, v));
        }
        if (path.equals("/api")) {
            return Optional.of(json(200, Discovery.coreVersions()));
        }
        if (path.equals("/apis")) {
            return Optional.of(json(200, Discovery.groups(allResources())));
        }
        if (path.equals("/openapi/v2")) {
            // An empty OpenAPI v2 document (zero protobuf bytes): kubectl's client-side validation finds no schema
            // for any kind and skips it, instead of refusing to apply ("failed to download openapi").
            return Optional.of(new MockResponse().setResponseCode(200)
                    .setHeader("Content-Type", "application/octet-stream")
                    .setBody(new byte[0]));
        }
        if (path.startsWith("/openapi")) {
            return Optional.of(status(404, "NotFound", "this API server publishes no OpenAPI v3 documents"));
        }
        String[] s = path.substring(1).split("/");
        if (s.length == 2 && s[0].equals("api")) {
            return Optional.of(Discovery.resources(allResources(), "", s[1]).map(this::jsonUnchecked)
                    .orElse(status(404, "NotFound", path)));
        }
        if (s.length == 2 && s[0].equals("apis")) {
            // /apis/<group>: the group document
            JsonNode groups = Discovery.groups(allResources()).path("groups");
            for (JsonNode g : groups) {
                if (g.path("name").asText().equals(s[1])) {
                    ObjectNode doc = ((ObjectNode) g.deepCopy());
                    doc.put("kind", "APIGroup");
                    doc.put("apiVersion", "v1");
                    return Optional.of(json(200, doc));
                }
            }
            return Optional.of(status(404, "NotFound", path));
        }
        if (s.length == 3 && s[0].equals("apis")) {
            return Optional.of(Discovery.resources(allResources(), s[1], s[2]).map(this::jsonUnchecked)
                    .orElse(status(404, "NotFound", path)));
        }
        return Optional.empty();
    }

    List<Discovery.Resource> allResources() throws IOException {
        List<Discovery.Resource> all = new ArrayList<>(Discovery.BUILTIN);
        all.addAll(Discovery.fromCrds(storedCrds()));
        return all;
    }

    private JsonNode storedCrds() throws IOException {
        MockResponse r = crud.handleGet("/apis/apiextensions.k8s.io/v1/customresourcedefinitions");
        JsonNode body = r.code() == 200 ? bodyOf(r) : null;
        return body == null ? mapper.createObjectNode() : body;
    }

    static Optional<ResourcePath> parseResourcePath(String path) {
        String[] s = path.substring(1).split("/");
        int i;
        String group;
        String version;
        if (s.length >= 3 && s[0].equals("api")) {
            group = "";
            version = s[1];
            i = 2;
        } else if (s.length >= 4 && s[0].equals("apis")) {
            group = s[1];
            version = s[2];
            i = 3;
        } else {
            return Optional.empty();
        }
        String namespace = null;
        if (s[i].equals("namespaces") && s.length >= i + 3) {
            namespace = s[i + 1];
            i += 2;
        }
        String resource = s[i];
        String name = s.length > i + 1 ? s[i + 1] : null;
        String sub = s.length > i + 2 ? s[i + 2] : null;
        return Optional.of(new ResourcePath(group, version, namespace, resource, name, sub));
    }

    private List<TableRenderer.Column> columnsFor(ResourcePath rp) throws IOException {
        if (!rp.group().isEmpty() && !Discovery.BUILTIN.stream().anyMatch(r -> r.group().equals(rp.group()))) {
            MockResponse r = crud.handleGet("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/"
                    + rp.resource() + "." + rp.group());
            JsonNode crd = r.code() == 200 ? bodyOf(r) : null;
            if (crd != null) {
                for (JsonNode v : crd.at("/spec/versions")) {
                    if (v.path("name").asText().equals(rp.version())) {
                        return TableRenderer.fromPrinterColumns(v.get("additionalPrinterColumns"));
                    }
                }
            }
        }
        return TableRenderer.builtin(rp.resource());
    }

    private MockResponse pollingWatch(ResourcePath rp, Map<String, String> query, boolean table) throws IOException {
        long since = parseLong(query.get("resourceVersion"));
        StringBuilder listPath = new StringBuilder(rp.namespace() == null ? rp.collection()
                : rp.collection().replace("/" + rp.resource(), "/namespaces/" + rp.namespace() + "/" + rp.resource()));
        List<String> params = new ArrayList<>();
        for (String p : List.of("labelSelector", "fieldSelector")) {
            if (query.containsKey(p)) {
                params.add(p + "=" + java.net.URLEncoder.encode(query.get(p), StandardCharsets.UTF_8));
            }
        }
        if (!params.isEmpty()) {
            listPath.append('?').append(String.join("&", params));
        }
        MockResponse list = crud.handleGet(listPath.toString());
        JsonNode body = list.code() == 200 ? bodyOf(list) : null;
        List<TableRenderer.Column> columns = table ? columnsFor(rp) : List.of();
        StringBuilder events = new StringBuilder();
        if (body != null) {
            for (JsonNode item : body.path("items")) {
                long rv = parseLong(item.at("/metadata/resourceVersion").asText());
                if (since <= 0 || rv > since) {
                    events.append(event(since <= 0 ? "ADDED" : "MODIFIED", item, table, columns));
                }
            }
        }
        String nameSelector = fieldValue(query.get("fieldSelector"), "metadata.name");
        synchronized (tombstones) {
            for (Tombstone t : tombstones) {
                if (since > 0 && t.resourceVersion() > since && t.collection().equals(rp.collection())
                        && (rp.namespace() == null || rp.namespace().equals(t.namespace()))
                        && (nameSelector == null || nameSelector.equals(t.object().at("/metadata/name").asText()))) {
                    events.append(event("DELETED", t.object(), table, columns));
                }
            }
        }
        if (events.length() == 0) {
            // The mock delays only non-empty bodies; a lone newline is an empty event stream to client-go. Answering
            // after a second keeps client-go's reflector from calling it a "very short watch" and backing off.
            return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
                    .setBody("\n").setBodyDelay(EMPTY_WATCH_DELAY);
        }
        return new MockResponse().setResponseCode(200)
                .setHeader("Content-Type", "application/json").setBody(events.toString());
    }

    private String event(String type, JsonNode object, boolean table, List<TableRenderer.Column> columns)
            throws IOException {
        ObjectNode e = mapper.createObjectNode();
        e.put("type", type);
        e.set("object", table ? TableRenderer.render(object, columns) : object);
        return mapper.writeValueAsString(e) + "\n";
    }

    private void recordTombstone(ResourcePath rp, MockResponse response) throws IOException {
        if (rp.name() == null || rp.subresource() != null) {
            return;
        }
        JsonNode body = bodyOf(response);
        if (body == null || !body.has("metadata") || "Status".equals(body.path("kind").asText())) {
            return;
        }
        long rv = crud.requestResourceVersion();
        ObjectNode object = body.deepCopy();
        ((ObjectNode) object.get("metadata")).put("resourceVersion", Long.toString(rv));
        synchronized (tombstones) {
            tombstones.addLast(new Tombstone(rp.collection(), rp.namespace(), rv, object));
            while (tombstones.size() > TOMBSTONES) {
                tombstones.removeFirst();
            }
        }
    }

    private static void fillListResourceVersion(ObjectNode list) {
        long max = 0;
        for (JsonNode item : list.path("items")) {
            max = Math.max(max, parseLong(item.at("/metadata/resourceVersion").asText()));
        }
        ObjectNode meta = list.has("metadata") && list.get("metadata").isObject()
                ? (ObjectNode) list.get("metadata") : list.putObject("metadata");
        if (!meta.hasNonNull("resourceVersion") || meta.get("resourceVersion").asText().isEmpty()) {
            meta.put("resourceVersion", Long.toString(max));
        }
    }

    private static String fieldValue(String selector, String field) {
        if (selector == null) {
            return null;
        }
        for (String part : selector.split(",")) {
            String[] kv = part.split("==?", 2);
            if (kv.length == 2 && kv[0].trim().equals(field)) {
                return kv[1].trim();
            }
        }
        return null;
    }

    private static boolean wantsTable(RecordedRequest request) {
        String accept = request.getHeader("Accept");
        return accept != null && accept.contains("as=Table");
    }

    private static long parseLong(String s) {
        try {
            return s == null || s.isEmpty() ? 0 : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Map<String, String> parseQuery(String query) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String part : query.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    private JsonNode bodyOf(MockResponse r) throws IOException {
        if (r.getBody() == null) {
            return null;
        }
        byte[] bytes = r.getBody().getBytes();
        if (bytes.length == 0) {
            return null;
        }
        try {
            return mapper.readTree(bytes);
        } catch (IOException notJson) {
            return null;
        }
    }

    private MockResponse jsonUnchecked(JsonNode body) {
        try {
            return json(200, body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private MockResponse json(int code, JsonNode body) throws IOException {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
                .setBody(mapper.writeValueAsString(body));
    }

    private MockResponse status(int code, String reason, String message) {
        ObjectNode s = mapper.createObjectNode();
        s.put("kind", "Status");
        s.put("apiVersion", "v1");
        s.putObject("metadata");
        s.put("status", "Failure");
        s.put("message", message);
        s.put("reason", reason);
        s.put("code", code);
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
                .setBody(s.toString());
    }
}
