package io.hsrl.artifact;

import java.util.List;

/**
 * {@code stats.json} of a Semantic-ID index build. File names ({@code codebook}, {@code itemMap}) are relative to the
 * folder that holds this file.
 */
public record IndexStats(
        int schemaVersion,
        long items,
        long uniqueSids,
        long collidingItems,
        double collisionRate,
        int maxItemsPerSid,
        int levels,
        int codebookSize,
        int sidLength,
        int dimension,
        boolean balanced,
        String collisions,
        long seed,
        List<Double> levelUtilization,
        List<Double> levelEntropy,
        double quantizationError,
        double buildSeconds,
        String codebook,
        String itemMap,
        String codebookSha256,
        String itemMapSha256) {
    public static final int SCHEMA_VERSION = 1;
    public static final String FILE = "stats.json";
    public static final String CODEBOOK_FILE = "codebook.bin";
    public static final String ITEM_MAP_FILE = "item-map.bin";
}
