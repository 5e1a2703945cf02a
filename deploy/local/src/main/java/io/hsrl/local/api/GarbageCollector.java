package io.hsrl.local.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;

import java.io.IOException;
import java.util.List;

/**
 * Owner-reference garbage collection, as kube-controller-manager's collector does it. Background propagation: an
 * object all of whose owners are gone (not found, or found with another uid) is deleted, which in turn orphans its
 * own dependents for the next pass. Foreground propagation: an owner deleted with {@code propagationPolicy:
 * Foreground} carries the {@code foregroundDeletion} finalizer; its dependents are deleted first, and when none is
 * left the finalizer is removed, which deletes the owner. Orphan propagation: {@link #orphan} removes the owner's
 * references from its dependents before the owner goes.
 */
final class GarbageCollector {
    static final String FOREGROUND = "foregroundDeletion";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** What the collector needs of the API: the served kinds, reads, and writes through the router. */
    interface Api {
        List<Discovery.Resource> resources() throws IOException;

        JsonNode get(String path);

        /** A write through the router (events, finalizers); returns the HTTP code. */
        int write(HttpMethod method, String path, JsonNode body) throws IOException;
    }

    private final Api api;

    GarbageCollector(Api api) {
        this.api = api;
    }

    /** One pass; returns how many objects it deleted or released. */
    int collect() throws IOException {
        List<Discovery.Resource> resources = api.resources();
        int changed = 0;
        for (Discovery.Resource r : resources) {
            JsonNode list = api.get(listPath(r, null));
            if (list == null) {
                continue;
            }
            for (JsonNode item : list.path("items")) {
                String namespace = item.at("/metadata/namespace").asText(null);
                String path = listPath(r, r.namespaced() ? namespace : null) + "/" + item.at("/metadata/name").asText();
                if (deletingInForeground(item) && dependentsOf(resources, item.at("/metadata/uid").asText()) == 0) {
                    ArrayNode left = F.arrayNode();
                    item.at("/metadata/finalizers").forEach(f -> {
                        if (!FOREGROUND.equals(f.asText())) {
                            left.add(f);
                        }
                    });
                    ObjectNode released = item.deepCopy();
                    ((ObjectNode) released.get("metadata")).set("finalizers", left);
                    if (api.write(HttpMethod.PUT, path, released) == 200) {
                        changed++;
                    }
                    continue;
                }
                JsonNode owners = item.at("/metadata/ownerReferences");
                if (!owners.isArray() || owners.isEmpty() || item.at("/metadata/deletionTimestamp").isTextual()) {
                    continue;
                }
                boolean anyOwnerLeft = false;
                for (JsonNode owner : owners) {
                    if (ownerAlive(resources, owner, namespace)) {
                        anyOwnerLeft = true;
                        break;
                    }
                }
                if (!anyOwnerLeft && api.write(HttpMethod.DELETE, path, null) == 200) {
                    changed++;
                }
            }
        }
        return changed;
    }

    /** Orphan propagation: drops the references to {@code ownerUid} from every object that has one. */
    int orphan(String ownerUid) throws IOException {
        int released = 0;
        for (Discovery.Resource r : api.resources()) {
            JsonNode list = api.get(listPath(r, null));
            if (list == null) {
                continue;
            }
            for (JsonNode item : list.path("items")) {
                JsonNode owners = item.at("/metadata/ownerReferences");
                ArrayNode left = F.arrayNode();
                owners.forEach(o -> {
                    if (!ownerUid.equals(o.path("uid").asText())) {
                        left.add(o);
                    }
                });
                if (left.size() != owners.size()) {
                    ObjectNode withoutOwner = item.deepCopy();
                    ObjectNode meta = (ObjectNode) withoutOwner.get("metadata");
                    if (left.isEmpty()) {
                        meta.remove("ownerReferences");
                    } else {
                        meta.set("ownerReferences", left);
                    }
                    String ns = item.at("/metadata/namespace").asText(null);
                    api.write(HttpMethod.PUT, listPath(r, r.namespaced() ? ns : null) + "/"
                            + item.at("/metadata/name").asText(), withoutOwner);
                    released++;
                }
            }
        }
        return released;
    }

    private static boolean deletingInForeground(JsonNode item) {
        if (!item.at("/metadata/deletionTimestamp").isTextual()) {
            return false;
        }
        for (JsonNode f : item.at("/metadata/finalizers")) {
            if (FOREGROUND.equals(f.asText())) {
                return true;
            }
        }
        return false;
    }

    private int dependentsOf(List<Discovery.Resource> resources, String uid) throws IOException {
        int n = 0;
        for (Discovery.Resource r : resources) {
            JsonNode list = api.get(listPath(r, null));
            if (list == null) {
                continue;
            }
            for (JsonNode item : list.path("items")) {
                for (JsonNode o : item.at("/metadata/ownerReferences")) {
                    if (uid.equals(o.path("uid").asText())) {
                        n++;
                    }
                }
            }
        }
        return n;
    }

    private boolean ownerAlive(List<Discovery.Resource> resources, JsonNode owner, String namespace) {
        String apiVersion = owner.path("apiVersion").asText();
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        for (Discovery.Resource r : resources) {
            if (r.group().equals(group) && r.version().equals(version) && r.kind().equals(owner.path("kind").asText())) {
                JsonNode o = api.get(listPath(r, r.namespaced() ? namespace : null) + "/" + owner.path("name").asText());
                return o != null && owner.path("uid").asText().equals(o.at("/metadata/uid").asText())
                        && !deletingInForeground(o);
            }
        }
        // An owner of a kind this server does not serve cannot be checked: keep the dependent, as a real collector
        // keeps dependents whose owner's kind it cannot resolve.
        return true;
    }

    static String listPath(Discovery.Resource r, String namespace) {
        String base = r.group().isEmpty() ? "/api/" + r.version() : "/apis/" + r.group() + "/" + r.version();
        return base + (namespace == null ? "" : "/namespaces/" + namespace) + "/" + r.plural();
    }
}
