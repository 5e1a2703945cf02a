package io.hsrl.artifact;

import io.hsrl.store.ObjectUri;

import java.util.List;

/**
 * {@code checkpoints/latest.json}: the pointer to the newest published checkpoint manifest, rewritten (atomically)
 * after each checkpoint. {@code complete} is true once training finished: the manifest is then the model. Manifests
 * are named relative to the pointer's folder ({@code 000000001000/manifest.json}), so a copied or moved model folder
 * points at its own checkpoints; readers also accept an absolute URI (what older trainers wrote): {@link #resolve}.
 */
public record LatestCheckpoint(
        int schemaVersion,
        long iteration,
        String manifest,
        boolean complete,
        List<Entry> checkpoints) {
    public static final int SCHEMA_VERSION = 1;
    public static final String FILE = "latest.json";

    /** A manifest named by a pointer, as a URI: relative names are resolved against the pointer's folder. */
    public static String resolve(String pointerFolder, String manifest) {
        return ObjectUri.resolveNamed(pointerFolder, manifest);
    }

    /** How the pointer names a manifest under {@code checkpointsFolder}: relative to it when inside, else as given. */
    public static String relativize(String checkpointsFolder, String manifestUri) {
        String prefix = checkpointsFolder.endsWith("/") ? checkpointsFolder : checkpointsFolder + "/";
        return manifestUri.startsWith(prefix) ? manifestUri.substring(prefix.length()) : manifestUri;
    }

    /** A published checkpoint, for the history shown on status. */
    public record Entry(long iteration, String manifest, Double reward) {
    }
}
