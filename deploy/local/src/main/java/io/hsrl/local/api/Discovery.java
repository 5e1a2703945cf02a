package io.hsrl.local.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The discovery documents kubectl reads before anything else ({@code /api}, {@code /api/v1}, {@code /apis},
 * {@code /apis/<group>/<version>}): the mock server has none. Built-in kinds are the ones this platform uses; custom
 * kinds come from the CRDs stored in the API at request time, so an applied CRD is discoverable at once.
 */
public final class Discovery {
    /** A served resource as discovery describes it. */
    public record Resource(String group, String version, String plural, String singular, String kind,
                           boolean namespaced, List<String> shortNames, boolean statusSubresource,
                           List<String> categories) {
        Resource(String group, String version, String plural, String singular, String kind, boolean namespaced,
                 List<String> shortNames, boolean statusSubresource) {
            this(group, version, plural, singular, kind, namespaced, shortNames, statusSubresource,
                    List.of("pods", "services", "deployments", "jobs", "horizontalpodautoscalers").contains(plural)
                            ? List.of("all") : List.of());
        }

        String groupVersion() {
            return group.isEmpty() ? version : group + "/" + version;
        }
    }

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final List<String> VERBS = List.of("create", "delete", "deletecollection", "get", "list", "patch",
            "update", "watch");

    static final List<Resource> BUILTIN = List.of(
            new Resource("", "v1", "pods", "pod", "Pod", true, List.of("po"), true),
            new Resource("", "v1", "services", "service", "Service", true, List.of("svc"), true),
            new Resource("", "v1", "secrets", "secret", "Secret", true, List.of(), false),
            new Resource("", "v1", "configmaps", "configmap", "ConfigMap", true, List.of("cm"), false),
            new Resource("", "v1", "events", "event", "Event", true, List.of("ev"), false),
            new Resource("", "v1", "namespaces", "namespace", "Namespace", false, List.of("ns"), true),
            new Resource("", "v1", "serviceaccounts", "serviceaccount", "ServiceAccount", true, List.of("sa"), false),
            new Resource("apps", "v1", "deployments", "deployment", "Deployment", true, List.of("deploy"), true),
            new Resource("batch", "v1", "jobs", "job", "Job", true, List.of(), true),
            new Resource("autoscaling", "v2", "horizontalpodautoscalers", "horizontalpodautoscaler",
                    "HorizontalPodAutoscaler", true, List.of("hpa"), true),
            new Resource("coordination.k8s.io", "v1", "leases", "lease", "Lease", true, List.of(), false),
            new Resource("apiextensions.k8s.io", "v1", "customresourcedefinitions", "customresourcedefinition",
                    "CustomResourceDefinition", false, List.of("crd", "crds"), true));

    private Discovery() {
    }

    /** The resources of the given CRDs (a CustomResourceDefinitionList's JSON), one per served version. */
    public static List<Resource> fromCrds(JsonNode crdList) {
        List<Resource> out = new ArrayList<>();
        for (JsonNode crd : crdList.path("items")) {
            JsonNode spec = crd.path("spec");
            JsonNode names = spec.path("names");
            List<String> shortNames = new ArrayList<>();
            names.path("shortNames").forEach(n -> shortNames.add(n.asText()));
            List<String> categories = new ArrayList<>();
            names.path("categories").forEach(n -> categories.add(n.asText()));
            if (spec.path("group").asText().equals("hsrl.io") && !categories.contains("hsrl")) {
                categories.add("hsrl");
            }
            for (JsonNode v : spec.path("versions")) {
                if (!v.path("served").asBoolean(true)) {
                    continue;
                }
                out.add(new Resource(spec.path("group").asText(), v.path("name").asText(),
                        names.path("plural").asText(), names.path("singular").asText(), names.path("kind").asText(),
                        !"Cluster".equals(spec.path("scope").asText()), List.copyOf(shortNames),
                        v.path("subresources").has("status"), List.copyOf(categories)));
            }
        }
        return out;
    }

    /** {@code /api}. */
    public static ObjectNode coreVersions() {
        ObjectNode n = F.objectNode();
        n.put("kind", "APIVersions");
        n.putArray("versions").add("v1");
        n.putArray("serverAddressByClientCIDRs");
        return n;
    }

    /** {@code /apis}: every group but the core one, in first-seen order. */
    public static ObjectNode groups(List<Resource> all) {
        Map<String, List<String>> versions = new LinkedHashMap<>();
        for (Resource r : all) {
            if (!r.group().isEmpty()) {
                List<String> vs = versions.computeIfAbsent(r.group(), g -> new ArrayList<>());
                if (!vs.contains(r.version())) {
                    vs.add(r.version());
                }
            }
        }
        ObjectNode n = F.objectNode();
        n.put("kind", "APIGroupList");
        n.put("apiVersion", "v1");
        ArrayNode groups = n.putArray("groups");
        versions.forEach((group, vs) -> {
            ObjectNode g = groups.addObject();
            g.put("name", group);
            ArrayNode arr = g.putArray("versions");
            for (String v : vs) {
                ObjectNode gv = arr.addObject();
                gv.put("groupVersion", group + "/" + v);
                gv.put("version", v);
            }
            ObjectNode preferred = g.putObject("preferredVersion");
            preferred.put("groupVersion", group + "/" + vs.get(0));
            preferred.put("version", vs.get(0));
        });
        return n;
    }

    /** {@code /api/v1} or {@code /apis/<group>/<version>}; empty when nothing is served there. */
    public static Optional<ObjectNode> resources(List<Resource> all, String group, String version) {
        ObjectNode n = F.objectNode();
        n.put("kind", "APIResourceList");
        n.put("apiVersion", "v1");
        n.put("groupVersion", group.isEmpty() ? version : group + "/" + version);
        ArrayNode arr = n.putArray("resources");
        for (Resource r : all) {
            if (!r.group().equals(group) || !r.version().equals(version)) {
                continue;
            }
            ObjectNode o = arr.addObject();
            o.put("name", r.plural());
            o.put("singularName", r.singular());
            o.put("namespaced", r.namespaced());
            o.put("kind", r.kind());
            ArrayNode verbs = o.putArray("verbs");
            VERBS.forEach(verbs::add);
            if (!r.shortNames().isEmpty()) {
                ArrayNode sn = o.putArray("shortNames");
                r.shortNames().forEach(sn::add);
            }
            if (!r.categories().isEmpty()) {
                ArrayNode cats = o.putArray("categories");
                r.categories().forEach(cats::add);
            }
            if (r.statusSubresource()) {
                ObjectNode s = arr.addObject();
                s.put("name", r.plural() + "/status");
                s.put("singularName", "");
                s.put("namespaced", r.namespaced());
                s.put("kind", r.kind());
                s.putArray("verbs").add("get").add("patch").add("update");
            }
        }
        return arr.isEmpty() ? Optional.empty() : Optional.of(n);
    }
}
