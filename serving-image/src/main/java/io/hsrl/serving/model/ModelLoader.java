package io.hsrl.serving.model;

import io.hsrl.artifact.CheckpointManifest;
import io.hsrl.artifact.ModelManifest;
import io.hsrl.core.sid.SidIndex;
import io.hsrl.store.ObjectNotFoundException;
import io.hsrl.store.ObjectStore;
import io.hsrl.store.ObjectUri;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a checkpoint for serving: resolves the model URI to one manifest, reads every file it lists and checks each
 * against the recorded size and SHA-256. Either the whole checkpoint comes back verified, or an error naming the
 * URI and the file. The Semantic-ID index the manifest names ({@code indexUri}: its folder or stats.json, absolute
 * or relative to the manifest) is read with it, so the model and its item map are verified together.
 *
 * <p>The model URI may be a manifest, a {@code latest.json} pointer (then the newest published manifest is served),
 * or a folder holding {@code manifest.json}, {@code latest.json} or {@code checkpoints/latest.json}
 * ({@link ModelManifest#resolve}, the same resolution the operator digests).
 */
public final class ModelLoader {
    private final ObjectStore store;

    public ModelLoader(ObjectStore store) {
        this.store = store;
    }

    public ModelArtifacts load(String modelUri) throws ModelLoadException {
        try {
            ModelManifest resolved;
            try {
                resolved = ModelManifest.resolve(store, modelUri);
            } catch (ObjectNotFoundException e) {
                throw new ModelLoadException(e.getMessage(), e);
            }
            String manifestUri = resolved.uri();
            CheckpointManifest manifest = resolved.parse();
            if (manifest.schemaVersion() < 1 || manifest.schemaVersion() > CheckpointManifest.SCHEMA_VERSION) {
                throw new ModelLoadException(manifestUri + ": unsupported schemaVersion " + manifest.schemaVersion()
                        + " (this server reads 1.." + CheckpointManifest.SCHEMA_VERSION + ")");
            }
            if (manifest.files() == null || manifest.files().isEmpty()) {
                throw new ModelLoadException(manifestUri + ": lists no files");
            }
            String folder = ObjectUri.parent(manifestUri);
            Map<String, byte[]> files = new LinkedHashMap<>();
            for (Map.Entry<String, CheckpointManifest.FileEntry> e : manifest.files().entrySet()) {
                files.put(e.getKey(), verifiedFile(folder, manifestUri, e.getKey(), e.getValue()));
            }
            if (manifest.indexUri() == null || manifest.indexUri().isBlank()) {
                throw new ModelLoadException(manifestUri + ": field 'indexUri' is missing (the Semantic-ID index the "
                        + "model was trained on)");
            }
            String indexUri = ObjectUri.resolveNamed(folder, manifest.indexUri());
            if (indexUri.endsWith(".json")) {
                indexUri = ObjectUri.parent(indexUri); // the index's stats.json names its folder
            }
            SidIndex index;
            try {
                index = SidIndex.read(store, indexUri);
            } catch (IOException | RuntimeException e) {
                throw new ModelLoadException("index " + indexUri + " named by " + manifestUri + ": " + e.getMessage(), e);
            }
            return new ModelArtifacts(modelUri, manifestUri, resolved.sha256(), manifest, Map.copyOf(files),
                    indexUri, index);
        } catch (ModelLoadException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ModelLoadException("model " + modelUri + ": " + e.getMessage(), e);
        }
    }

    private byte[] verifiedFile(String folder, String manifestUri, String name, CheckpointManifest.FileEntry entry)
            throws IOException {
        if (entry == null || entry.key() == null || entry.key().isBlank()) {
            throw new ModelLoadException(manifestUri + ": files." + name + ".key is missing");
        }
        if (entry.sha256() == null || !entry.sha256().matches("[0-9a-fA-F]{64}")) {
            throw new ModelLoadException(manifestUri + ": files." + name + ".sha256 is missing or not a SHA-256 digest");
        }
        if (entry.key().contains("..")) {
            throw new ModelLoadException(manifestUri + ": files." + name + ".key '" + entry.key()
                    + "' leaves the checkpoint folder");
        }
        String uri = ObjectUri.resolve(folder, entry.key());
        byte[] data = read(uri, "checkpoint file '" + name + "'");
        if (entry.bytes() > 0 && data.length != entry.bytes()) {
            throw new ModelLoadException(uri + ": " + data.length + " bytes, the manifest " + manifestUri + " says "
                    + entry.bytes() + " (truncated or replaced)");
        }
        String actual = sha256(data);
        if (!actual.equalsIgnoreCase(entry.sha256())) {
            throw new ModelLoadException(uri + ": SHA-256 " + actual + " differs from " + entry.sha256()
                    + " recorded in " + manifestUri + " (corrupt or replaced)");
        }
        return data;
    }

    private byte[] read(String uri, String what) throws IOException {
        try {
            return store.read(uri);
        } catch (ObjectNotFoundException e) {
            throw new ModelLoadException(what + " " + uri + " does not exist", e);
        }
    }

    public static String sha256(byte[] data) {
        return ModelManifest.sha256(data);
    }
}
