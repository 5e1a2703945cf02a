package io.hsrl.local.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Optional;

/**
 * The OpenAPI v3 documents kube-apiserver publishes for custom resources ({@code /openapi/v3} and
 * {@code /openapi/v3/apis/<group>/<version>}), built from the stored CRDs' schemas, so that {@code kubectl explain}
 * and kubectl's client-side validation work for the custom kinds. Built-in kinds have no document here.
 */
final class OpenApiV3 {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private OpenApiV3() {
    }

    /** {@code /openapi/v3}: one entry per group/version served by a CRD. */
    static ObjectNode index(JsonNode crdList) {
        ObjectNode root = F.objectNode();
        ObjectNode paths = root.putObject("paths");
        for (JsonNode crd : crdList.path("items")) {
            for (JsonNode v : crd.at("/spec/versions")) {
                String gv = "apis/" + crd.at("/spec/group").asText() + "/" + v.path("name").asText();
                String hash = Integer.toHexString(groupVersion(crdList, gv.substring(5)).map(JsonNode::hashCode)
                        .orElse(0));
                paths.putObject(gv).put("serverRelativeURL", "/openapi/v3/" + gv + "?hash=" + hash);
            }
        }
        return root;
    }

    /** {@code /openapi/v3/apis/<group>/<version>}: the schemas of that group/version's kinds. */
    static Optional<ObjectNode> groupVersion(JsonNode crdList, String groupVersion) {
        String[] gv = groupVersion.split("/");
        if (gv.length != 2) {
            return Optional.empty();
        }
        ObjectNode doc = F.objectNode();
        doc.put("openapi", "3.0.0");
        doc.putObject("info").put("title", "Kubernetes").put("version", "v1.32.0");
        ObjectNode paths = doc.putObject("paths");
        ObjectNode schemas = doc.putObject("components").putObject("schemas");
        for (JsonNode crd : crdList.path("items")) {
            if (!crd.at("/spec/group").asText().equals(gv[0])) {
                continue;
            }
            JsonNode schema = SchemaAdmission.schemaOf(crd, gv[1]);
            if (schema == null) {
                continue;
            }
            String kind = crd.at("/spec/names/kind").asText();
            String[] groupParts = gv[0].split("\\.");
            StringBuilder reversed = new StringBuilder();
            for (int i = groupParts.length - 1; i >= 0; i--) {
                reversed.append(groupParts[i]).append('.');
            }
            ObjectNode s = schema.deepCopy();
            s.putArray("x-kubernetes-group-version-kind").addObject().put("group", gv[0]).put("version", gv[1])
                    .put("kind", kind);
            String name = reversed + gv[1] + "." + kind;
            schemas.set(name, s);
            // kubectl explain finds a resource's schema through the GET operation of its path.
            String path = "/apis/" + groupVersion + ("Cluster".equals(crd.at("/spec/scope").asText()) ? ""
                    : "/namespaces/{namespace}") + "/" + crd.at("/spec/names/plural").asText() + "/{name}";
            ObjectNode get = paths.putObject(path).putObject("get");
            get.put("operationId", "read" + kind);
            get.put("x-kubernetes-action", "get");
            get.putObject("x-kubernetes-group-version-kind").put("group", gv[0]).put("version", gv[1])
                    .put("kind", kind);
            get.putObject("responses").putObject("200").put("description", "OK").putObject("content")
                    .putObject("application/json").putObject("schema").put("$ref", "#/components/schemas/" + name);
        }
        return schemas.isEmpty() ? Optional.empty() : Optional.of(doc);
    }
}
