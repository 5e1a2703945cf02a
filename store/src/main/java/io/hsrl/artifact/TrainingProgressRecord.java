package io.hsrl.artifact;

/**
 * {@code progress.json} of a training run, rewritten every few seconds by the trainer and copied to the
 * HsrlTraining status by the operator.
 */
public record TrainingProgressRecord(
        int schemaVersion,
        String state,
        long iteration,
        long total,
        double percent,
        Long etaSeconds,
        Double iterationsPerSecond,
        double elapsedSeconds,
        TrainingMetricsRecord metrics,
        String latestCheckpoint,
        String modelUri,
        String message,
        String updatedAt) {
    public static final int SCHEMA_VERSION = 1;
    public static final String FILE = "progress.json";
    public static final String STATE_STARTING = "Starting";
    public static final String STATE_RUNNING = "Running";
    public static final String STATE_COMPLETE = "Complete";
    public static final String STATE_FAILED = "Failed";
}
