package io.hsrl.artifact;

import java.util.List;

/**
 * {@code checkpoints/latest.json}: the pointer to the newest published checkpoint manifest, rewritten (atomically)
 * after each checkpoint. {@code complete} is true once training finished: the manifest is then the model.
 */
public record LatestCheckpoint(
        int schemaVersion,
        long iteration,
        String manifest,
        boolean complete,
        List<Entry> checkpoints) {
    public static final int SCHEMA_VERSION = 1;
    public static final String FILE = "latest.json";

    /** A published checkpoint, for the history shown on status. */
    public record Entry(long iteration, String manifest, Double reward) {
    }
}
