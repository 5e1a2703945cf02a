package io.hsrl.local.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The embedded API's object store: the Fabric8 CRUD mock (object storage, resourceVersions, label-selected lists,
 * generation, status subresource, finalizers on DELETE), with every change it makes published to a {@link WatchHub}
 * and, when a file is given, written to an H2 MVStore so that the objects and the resourceVersion counter survive a
 * restart. On open, the stored objects are put back (CRDs first) and the counter continues from the highest stored
 * resourceVersion, so resourceVersions keep increasing across restarts.
 */
final class ApiStore extends KubernetesCrudDispatcher implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ApiStore.class);
    private static final String CRDS = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

    private final ObjectMapper mapper = new ObjectMapper();
    private final MVStore file;
    private final MVMap<String, String> objects;
    private final MVMap<String, Long> counters;
    private final WatchHub hub;
    private boolean restoring;

    private ApiStore(Optional<Path> path) {
        super(List.of());
        if (path.isPresent()) {
            try {
                Files.createDirectories(path.get().toAbsolutePath().getParent());
                file = new MVStore.Builder().fileName(path.get().toString()).autoCommitDisabled().open();
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("cannot open the API store " + path.get() + ": " + e.getMessage(), e);
            }
            objects = file.openMap("objects");
            counters = file.openMap("counters");
        } else {
            file = null;
            objects = null;
            counters = null;
        }
        long last = counters == null ? 0 : counters.getOrDefault("resourceVersion", 0L);
        hub = new WatchHub(last);
    }

    /** An in-memory store ({@code path} empty) or one kept in the given file. */
    static ApiStore open(Optional<Path> path) {
        ApiStore store = new ApiStore(path);
        if (store.objects != null && !store.objects.isEmpty()) {
            store.restore();
        }
        return store;
    }

    WatchHub hub() {
        return hub;
    }

    private void restore() {
        restoring = true;
        try {
            long max = counters.getOrDefault("resourceVersion", 0L);
            List<Map.Entry<String, String>> rest = new ArrayList<>();
            int crds = 0;
            for (Map.Entry<String, String> e : objects.entrySet()) {
                if (e.getKey().startsWith(CRDS + "/")) {
                    // Through the CRUD path, so that the mock learns each kind's plural, scope and subresources.
                    ObjectNode crd = (ObjectNode) mapper.readTree(e.getValue());
                    ((ObjectNode) crd.get("metadata")).remove("resourceVersion");
                    handleCreate(new RecordedRequest("HTTP/1.1", HttpMethod.POST, CRDS,
                            Headers.builder().add("Content-Type", "application/json").build(),
                            new Buffer(mapper.writeValueAsBytes(crd))));
                    crds++;
                } else {
                    rest.add(e);
                }
            }
            for (Map.Entry<String, String> e : rest) {
                String collection = e.getKey().substring(0, e.getKey().lastIndexOf('/'));
                GenericKubernetesResource r = Serialization.unmarshal(e.getValue(), GenericKubernetesResource.class);
                processEvent(collection, getKey(collection), new AttributeSet(), r, e.getValue());
                max = Math.max(max, parseLong(r.getMetadata().getResourceVersion()));
            }
            seedResourceVersion(max);
            seedUids(objects.values());
            LOG.info("API store: restored {} CRD(s) and {} object(s), resourceVersion {}", crds, rest.size(), max);
        } catch (IOException e) {
            throw new UncheckedIOException("the API store holds an unreadable object: " + e.getMessage(), e);
        } finally {
            restoring = false;
        }
    }

    /**
     * The mock's counter starts at 0 and has no setter: it is advanced to the stored value so that a client never
     * sees a resourceVersion go back after a restart.
     */
    private void seedResourceVersion(long value) {
        try {
            Field f = KubernetesCrudDispatcher.class.getDeclaredField("resourceVersion");
            f.setAccessible(true);
            AtomicLong counter = (AtomicLong) f.get(this);
            counter.accumulateAndGet(value, Math::max);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot continue the resourceVersion counter of the CRUD store", e);
        }
    }

    /**
     * The mock numbers uids (0-...-N) from a process-wide counter that starts at 0: it is advanced past the restored
     * objects' uids so that a new object never gets the uid of a stored one (owner references match by uid).
     */
    private static void seedUids(java.util.Collection<String> stored) throws IOException {
        ObjectMapper m = new ObjectMapper();
        long max = 0;
        for (String json : stored) {
            try {
                java.util.UUID uid = java.util.UUID.fromString(m.readTree(json).at("/metadata/uid").asText());
                if (uid.getMostSignificantBits() == 0) {
                    max = Math.max(max, uid.getLeastSignificantBits());
                }
            } catch (IllegalArgumentException notAUuid) {
                // a uid of another form cannot collide with the counter's
            }
        }
        try {
            Field f = io.fabric8.kubernetes.client.utils.Utils.class.getDeclaredField("leastSigBits");
            f.setAccessible(true);
            long seed = max;
            ((AtomicLong) f.get(null)).accumulateAndGet(seed, Math::max);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot continue the uid counter of the CRUD store", e);
        }
    }

    @Override
    public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
                             GenericKubernetesResource resource, String newState) {
        String oldState = getMap().get(oldAttributes);
        super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
        if (restoring || java.util.Objects.equals(oldState, newState)) {
            return;
        }
        String p = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        Optional<ApiRouter.ResourcePath> rp = ApiRouter.parseResourcePath(p);
        if (rp.isEmpty()) {
            return;
        }
        try {
            if (newState == null) {
                if (oldState == null) {
                    return;
                }
                ObjectNode object = (ObjectNode) mapper.readTree(oldState);
                long rv = requestResourceVersion();
                ((ObjectNode) object.get("metadata")).put("resourceVersion", Long.toString(rv));
                persist(rp.get(), object, false, rv);
                hub.publish(new WatchHub.Event("DELETED", rp.get(), rv, object));
            } else {
                ObjectNode object = (ObjectNode) mapper.readTree(newState);
                long rv = parseLong(object.at("/metadata/resourceVersion").asText());
                persist(rp.get(), object, true, rv);
                hub.publish(new WatchHub.Event(oldState == null ? "ADDED" : "MODIFIED", rp.get(), rv, object));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void persist(ApiRouter.ResourcePath rp, ObjectNode object, boolean present, long rv) throws IOException {
        if (objects == null) {
            return;
        }
        String ns = object.at("/metadata/namespace").asText("");
        String base = rp.group().isEmpty() ? "/api/" + rp.version() : "/apis/" + rp.group() + "/" + rp.version();
        String key = base + (ns.isEmpty() ? "" : "/namespaces/" + ns) + "/" + rp.resource() + "/"
                + object.at("/metadata/name").asText();
        if (present) {
            objects.put(key, mapper.writeValueAsString(object));
        } else {
            objects.remove(key);
        }
        counters.merge("resourceVersion", rv, Math::max);
        file.commit();
    }

    static long parseLong(String s) {
        try {
            return s == null || s.isEmpty() ? 0 : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** A GET through the store, the body parsed (null when not 200 or not JSON). */
    JsonNode getJson(String path) {
        MockResponse r = handleGet(path);
        if (r.code() != 200 || r.getBody() == null || r.getBody().size() == 0) {
            return null;
        }
        try {
            return mapper.readTree(r.getBody().getBytes());
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        if (file != null) {
            file.close();
        }
    }
}
