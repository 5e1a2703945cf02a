package io.hsrl.artifact;

import java.util.Map;

/**
 * {@code checkpoints/<iteration>/manifest.json}: everything needed to resume or serve, published after all its
 * files are written (a reader never sees half a checkpoint). File keys are relative to the manifest's folder.
 */
public record CheckpointManifest(
        int schemaVersion,
        long iteration,
        long totalIterations,
        String createdAt,
        String algorithm,
        String mode,
        long seed,
        String indexUri,
        String simulatorUri,
        String dataUri,
        String dataFormat,
        Map<String, FileEntry> files,
        Map<String, Object> hyperParameters,
        TrainingMetricsRecord metrics) {
    public static final int SCHEMA_VERSION = 1;
    public static final String FILE = "manifest.json";

    /** One file of the checkpoint, with its digest. */
    public record FileEntry(String key, String sha256, long bytes) {
    }
}
