package io.hsrl.local.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The embedded API's request router: discovery documents, {@code /version} and the OpenAPI v3 documents of the
 * CRDs; server-side Tables for {@code kubectl get}; field selectors on lists; admission of custom resources against
 * their CRD schemas ({@link SchemaAdmission}); patches of custom resources computed here (JSON patch, merge patch)
 * so that the result is admitted before it is stored; DeleteOptions' propagation policies (with
 * {@link GarbageCollector}); server-side apply ({@link ServerSideApply}). Objects are kept by {@link ApiStore}; watches
 * are served by {@link LocalApiServer} from the store's {@link WatchHub}.
 */
final class ApiRouter {
    static final String CRDS = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

    private final ApiStore crud;
    private final ObjectMapper mapper;
    private final String gitVersion;
    private final SchemaAdmission admission = new SchemaAdmission();
    private final GarbageCollector collector;

    /** The parts of a resource path; collection is the path prefix up to the resource name without namespace. */
    record ResourcePath(String group, String version, String namespace, String resource, String name,
                        String subresource) {
        String collection() {
            return (group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version) + "/" + resource;
        }

        /** The collection path within the namespace, if any. */
        String namespacedCollection() {
            return (group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version)
                    + (namespace == null ? "" : "/namespaces/" + namespace) + "/" + resource;
        }
    }

    ApiRouter(ApiStore crud, ObjectMapper mapper, String gitVersion) {
        this.crud = crud;
        this.mapper = mapper;
        this.gitVersion = gitVersion;
        this.collector = new GarbageCollector(new GarbageCollector.Api() {
            @Override
            public List<Discovery.Resource> resources() throws IOException {
                return allResources();
            }

            @Override
            public JsonNode get(String path) {
                return crud.getJson(path);
            }

            @Override
            public int write(HttpMethod method, String path, JsonNode body) throws IOException {
                Headers headers = Headers.builder().add("Content-Type", method == HttpMethod.PATCH
                        ? "application/merge-patch+json" : "application/json").build();
                return dispatch(new RecordedRequest("HTTP/1.1", method, path, headers,
                        new Buffer(body == null ? new byte[0] : mapper.writeValueAsBytes(body)))).code();
            }
        });
    }

    GarbageCollector collector() {
        return collector;
    }

    MockResponse dispatch(RecordedRequest request) {
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
        if ("POST".equals(method) && (path.endsWith("/selfsubjectrulesreviews") || path.endsWith("/selfsubjectaccessreviews"))) {
            return accessReview(path, request);
        }
        Optional<ResourcePath> parsed = parseResourcePath(path);
        if (parsed.isEmpty()) {
            return withJsonType(crud.dispatch(request));
        }
        ResourcePath rp = parsed.get();
        String contentType = request.getHeader("Content-Type");
        if (contentType != null && contentType.startsWith(ProtobufBodies.CONTENT_TYPE)) {
            Optional<ObjectNode> decoded;
            try {
                decoded = ProtobufBodies.toJson(request.getBody().getBytes());
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                return status(400, "BadRequest", "the protobuf request body cannot be read: " + e.getMessage());
            }
            if (decoded.isEmpty()) {
                return status(415, "UnsupportedMediaType", "the embedded API server reads protobuf bodies of "
                        + "Namespaces, ConfigMaps and Secrets only; send JSON");
            }
            contentType = "application/json";
            request = new RecordedRequest("HTTP/1.1", request.method(), request.getPath(),
                    request.getHeaders().newBuilder().set("Content-Type", contentType).build(),
                    new Buffer(mapper.writeValueAsBytes(decoded.get())));
        }
        switch (method) {
            case "GET":
                return get(rp, path, query, request);
            case "DELETE":
                return delete(rp, path, query, request);
            case "PATCH":
                if (contentType != null && contentType.startsWith(ServerSideApply.CONTENT_TYPE)) {
                    return ServerSideApply.apply(rp, path, request.getBody().getBytes(), writes());
                }
                return patch(rp, path, request);
            case "POST":
            case "PUT":
                return write(rp, request);
            default:
                return withJsonType(crud.dispatch(request));
        }
    }

    private ServerSideApply.Writes writes() {
        return new ServerSideApply.Writes() {
            @Override
            public MockResponse write(HttpMethod method, String path, JsonNode body) throws IOException {
                return dispatch(new RecordedRequest("HTTP/1.1", method, path,
                        Headers.builder().add("Content-Type", "application/json").build(),
                        new Buffer(mapper.writeValueAsBytes(body))));
            }

            @Override
            public JsonNode get(String path) {
                return crud.getJson(path);
            }

            @Override
            public MockResponse status(int code, String reason, String message) {
                return ApiRouter.this.status(code, reason, message);
            }
        };
    }

    private MockResponse get(ResourcePath rp, String path, Map<String, String> query, RecordedRequest request)
            throws IOException {
        boolean list = rp.name() == null;
        JsonNode body;
        if (list) {
            body = list(rp, query.get("labelSelector"), query.get("fieldSelector"));
        } else {
            MockResponse response = crud.handleGet(path);
            if (response.code() != 200) {
                return withJsonType(response);
            }
            body = bodyOf(response);
        }
        if (body == null) {
            return status(404, "NotFound", path);
        }
        if (wantsTable(request) && rp.subresource() == null) {
            return json(200, TableRenderer.render(body, columnsFor(rp)));
        }
        return json(200, body);
    }

    /**
     * A list as the API server gives it: label- and field-selected, with the store's current resourceVersion (a
     * watch from it misses nothing and replays nothing).
     */
    ObjectNode list(ResourcePath rp, String labelSelector, String fieldSelector) throws IOException {
        String path = rp.namespacedCollection();
        if (labelSelector != null && !labelSelector.isBlank()) {
            path += "?labelSelector=" + URLEncoder.encode(labelSelector, StandardCharsets.UTF_8);
        }
        long resourceVersion = crud.hub().lastResourceVersion();
        MockResponse response = crud.handleGet(path);
        JsonNode body = response.code() == 200 ? bodyOf(response) : null;
        ObjectNode out = body instanceof ObjectNode o ? o : mapper.createObjectNode();
        ArrayNode kept = mapper.createArrayNode();
        for (JsonNode item : out.path("items")) {
            if (Selectors.matchesLabels(item, labelSelector) && Selectors.matchesFields(item, fieldSelector)) {
                kept.add(item);
            }
        }
        out.set("items", kept);
        // The mock answers kind List; typed clients (kubectl describe's event query) decode <Kind>List only.
        for (Discovery.Resource r : allResources()) {
            if (r.group().equals(rp.group()) && r.version().equals(rp.version()) && r.plural().equals(rp.resource())) {
                out.put("kind", r.kind() + "List");
                out.put("apiVersion", r.groupVersion());
            }
        }
        ObjectNode meta = out.has("metadata") && out.get("metadata").isObject()
                ? (ObjectNode) out.get("metadata") : out.putObject("metadata");
        meta.put("resourceVersion", Long.toString(resourceVersion));
        return out;
    }

    /** The CRD serving this resource path, or null for a built-in kind. */
    JsonNode crdOf(ResourcePath rp) {
        if (rp.group().isEmpty() || Discovery.BUILTIN.stream().anyMatch(r -> r.group().equals(rp.group()))) {
            return null;
        }
        return crud.getJson(CRDS + "/" + rp.resource() + "." + rp.group());
    }

    private MockResponse write(ResourcePath rp, RecordedRequest request) throws IOException {
        JsonNode crd = crdOf(rp);
        JsonNode body;
        try {
            body = YAML.readTree(request.getBody().getBytes());
        } catch (IOException e) {
            return status(400, "BadRequest", "the request body is not JSON or YAML: " + e.getMessage());
        }
        if (!(body instanceof ObjectNode object)) {
            return status(400, "BadRequest", "the request body is not an object");
        }
        if ("secrets".equals(rp.resource()) && rp.group().isEmpty() && !object.hasNonNull("type")) {
            object.put("type", "Opaque");
        }
        List<SchemaAdmission.Cause> causes = crd == null ? List.of() : admission.admit(crd, rp.version(), object);
        if (!causes.isEmpty()) {
            return json(422, SchemaAdmission.invalidStatus(rp.group(), crd.at("/spec/names/kind").asText(),
                    object.at("/metadata/name").asText(""), causes));
        }
        MockResponse response = crud.dispatch(new RecordedRequest("HTTP/1.1", request.method(), request.getPath(),
                Headers.builder().add("Content-Type", "application/json").build(),
                new Buffer(mapper.writeValueAsBytes(object))));
        return emptyAsObject(response, object);
    }

    /**
     * A JSON patch (RFC 6902) or merge patch (RFC 7386) is applied here (the mock's merge patch appends to lists
     * where RFC 7386 replaces them) and the result, admitted for a custom resource, stored with an update. A strategic
     * merge patch of a built-in kind goes to the store's own patch; of a custom resource it is refused, as on a
     * cluster.
     */
    private MockResponse patch(ResourcePath rp, String path, RecordedRequest request) throws IOException {
        JsonNode crd = crdOf(rp);
        JsonNode current = crud.getJson(path);
        String type = request.getHeader("Content-Type");
        if (crd == null && (type == null || type.startsWith("application/strategic-merge-patch+json"))) {
            return emptyAsObject(crud.dispatch(request), current);
        }
        if (!(current instanceof ObjectNode stored)) {
            return status(404, "NotFound", rp.resource() + (rp.group().isEmpty() ? "" : "." + rp.group()) + " \""
                    + rp.name() + "\" not found");
        }
        JsonNode patch;
        try {
            patch = mapper.readTree(request.getBody().getBytes());
        } catch (IOException e) {
            return status(400, "BadRequest", "the patch is not JSON: " + e.getMessage());
        }
        JsonNode result;
        if (type != null && type.startsWith("application/json-patch+json")) {
            try {
                result = io.fabric8.zjsonpatch.JsonPatch.apply(patch, stored);
            } catch (RuntimeException e) {
                return status(422, "Invalid", "the JSON patch cannot be applied: " + e.getMessage());
            }
        } else if (type != null && type.startsWith("application/merge-patch+json") && patch instanceof ObjectNode p) {
            result = stored.deepCopy();
            ServerSideApply.mergePatch((ObjectNode) result, p);
        } else {
            return status(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted "
                    + "media types include: application/json-patch+json, application/merge-patch+json, "
                    + "application/apply-patch+yaml");
        }
        if (!(result instanceof ObjectNode object)) {
            return status(422, "Invalid", "the patched object is not an object");
        }
        ((ObjectNode) object.get("metadata")).put("resourceVersion", stored.at("/metadata/resourceVersion").asText());
        return write(rp, new RecordedRequest("HTTP/1.1", HttpMethod.PUT, path,
                Headers.builder().add("Content-Type", "application/json").build(),
                new Buffer(mapper.writeValueAsBytes(object))));
    }

    /**
     * DELETE with DeleteOptions' propagation policy (body or query): Background (the default; the collector removes
     * dependents afterwards), Foreground (the object stays, with the {@code foregroundDeletion} finalizer and a
     * deletionTimestamp, until its dependents are gone) or Orphan (its dependents lose their owner reference and
     * stay). An object with finalizers gets a deletionTimestamp and goes when the last finalizer is removed.
     */
    private MockResponse delete(ResourcePath rp, String path, Map<String, String> query, RecordedRequest request)
            throws IOException {
        if (rp.name() == null) {
            return withJsonType(crud.dispatch(request));
        }
        String policy = query.get("propagationPolicy");
        if (request.getBody() != null && request.getBody().size() > 0) {
            JsonNode options = bodyOrNull(request.getBody().getBytes());
            if (options != null && options.hasNonNull("propagationPolicy")) {
                policy = options.get("propagationPolicy").asText();
            } else if (options != null && options.path("orphanDependents").asBoolean(false)) {
                policy = "Orphan";
            }
        }
        JsonNode current = crud.getJson(path);
        if (current == null) {
            return withJsonType(crud.handleDelete(path));
        }
        if ("Orphan".equals(policy)) {
            collector.orphan(current.at("/metadata/uid").asText());
        } else if ("Foreground".equals(policy)) {
            ObjectNode withFinalizer = current.deepCopy();
            ObjectNode meta = (ObjectNode) withFinalizer.get("metadata");
            ArrayNode finalizers = meta.has("finalizers") ? (ArrayNode) meta.get("finalizers") : meta.putArray("finalizers");
            boolean present = false;
            for (JsonNode f : finalizers) {
                present |= GarbageCollector.FOREGROUND.equals(f.asText());
            }
            if (!present) {
                finalizers.add(GarbageCollector.FOREGROUND);
                crud.dispatch(new RecordedRequest("HTTP/1.1", HttpMethod.PUT, path,
                        Headers.builder().add("Content-Type", "application/json").build(),
                        new Buffer(mapper.writeValueAsBytes(withFinalizer))));
            }
        } else if (policy != null && !"Background".equals(policy)) {
            return status(400, "BadRequest", "propagationPolicy: Unsupported value: \"" + policy
                    + "\": supported values: \"Background\", \"Foreground\", \"Orphan\"");
        }
        MockResponse response = crud.handleDelete(path);
        if (response.code() == 200) {
            JsonNode after = crud.getJson(path);
            return json(200, after != null ? after : current);
        }
        return withJsonType(response);
    }

    /** The store answers an update that removed the last finalizer (and so deleted the object) with no body. */
    private MockResponse emptyAsObject(MockResponse response, JsonNode object) throws IOException {
        if (response.code() == 200 && (response.getBody() == null || response.getBody().size() == 0)
                && object != null) {
            return json(200, object);
        }
        return withJsonType(response);
    }

    private static MockResponse withJsonType(MockResponse response) {
        if (response.getHeaders().get("Content-Type") == null && response.getBody() != null
                && response.getBody().size() > 0) {
            // The mock sends no Content-Type; kubectl then decodes by its first Accept type, protobuf for built-in
            // kinds ("provided data does not appear to be a protobuf message").
            response.setHeader("Content-Type", "application/json");
        }
        return response;
    }

    private JsonNode bodyOrNull(byte[] bytes) {
        try {
            return mapper.readTree(bytes);
        } catch (IOException e) {
            return null;
        }
    }

    private static final ObjectMapper YAML = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());

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
        if (path.equals("/openapi/v3")) {
            JsonNode crds = crud.getJson(CRDS);
            return Optional.of(json(200, OpenApiV3.index(crds == null ? mapper.createObjectNode() : crds)));
        }
        if (path.startsWith("/openapi/v3/apis/")) {
            JsonNode crds = crud.getJson(CRDS);
            return Optional.of(OpenApiV3.groupVersion(crds == null ? mapper.createObjectNode() : crds,
                    path.substring("/openapi/v3/apis/".length())).map(this::jsonUnchecked)
                    .orElse(status(404, "NotFound", path)));
        }
        if (path.startsWith("/openapi")) {
            return Optional.of(status(404, "NotFound", "this API server publishes OpenAPI v3 documents for its "
                    + "custom resources only"));
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

    List<TableRenderer.Column> columnsFor(ResourcePath rp) throws IOException {
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

    List<Discovery.Resource> allResources() throws IOException {
        List<Discovery.Resource> all = new ArrayList<>(Discovery.BUILTIN);
        JsonNode crds = crud.getJson(CRDS);
        all.addAll(Discovery.fromCrds(crds == null ? mapper.createObjectNode() : crds));
        return all;
    }

    static boolean wantsTable(RecordedRequest request) {
        String accept = request.getHeader("Accept");
        return accept != null && accept.contains("as=Table");
    }

    static Map<String, String> parseQuery(String query) {
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

    private JsonNode bodyOf(MockResponse r) {
        if (r.getBody() == null) {
            return null;
        }
        byte[] bytes = r.getBody().getBytes();
        return bytes.length == 0 ? null : bodyOrNull(bytes);
    }

    private MockResponse jsonUnchecked(JsonNode body) {
        try {
            return json(200, body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    MockResponse json(int code, JsonNode body) throws IOException {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
                .setBody(mapper.writeValueAsString(body));
    }

    MockResponse status(int code, String reason, String message) {
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
