package io.hsrl.artifact;

import java.util.List;

/**
 * {@code stats.json} of a Semantic-ID index build. File names ({@code codebook}, {@code itemMap}) are relative to the
 * folder that holds this file.
 *
 * <p>Collision figures without a suffix are before resolution (the codebook's own SIDs); {@code collisionRateAfter}
 * and {@code maxItemsPerSidAfter} are for the resolved, one-to-one SIDs. {@code levelUtilization} is codes used / K
 * per codebook level, {@code levelEntropy} the entropy of code usage in bits (at most log2 K), and
 * {@code quantizationError} the mean over items of {@code ||x − Σ_l C_l[z_l]||²}.
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
        String itemMapSha256,
        String kmeans,
        List<Integer> levelIterations,
        double collisionRateAfter,
        int maxItemsPerSidAfter,
        long reassignedItems) {
    public static final int SCHEMA_VERSION = 1;
    public static final String FILE = "stats.json";
    public static final String CODEBOOK_FILE = "codebook.bin";
    public static final String ITEM_MAP_FILE = "item-map.bin";

    /** The schema-1 fields only (the later ones default to unknown / zero). */
    public IndexStats(int schemaVersion, long items, long uniqueSids, long collidingItems, double collisionRate,
                      int maxItemsPerSid, int levels, int codebookSize, int sidLength, int dimension, boolean balanced,
                      String collisions, long seed, List<Double> levelUtilization, List<Double> levelEntropy,
                      double quantizationError, double buildSeconds, String codebook, String itemMap,
                      String codebookSha256, String itemMapSha256) {
        this(schemaVersion, items, uniqueSids, collidingItems, collisionRate, maxItemsPerSid, levels, codebookSize,
                sidLength, dimension, balanced, collisions, seed, levelUtilization, levelEntropy, quantizationError,
                buildSeconds, codebook, itemMap, codebookSha256, itemMapSha256, null, null, 0.0, 0, 0L);
    }

    /** The same figures with the written files' names and checksums. */
    public IndexStats withFiles(String codebook, String itemMap, String codebookSha256, String itemMapSha256) {
        return new IndexStats(schemaVersion, items, uniqueSids, collidingItems, collisionRate, maxItemsPerSid, levels,
                codebookSize, sidLength, dimension, balanced, collisions, seed, levelUtilization, levelEntropy,
                quantizationError, buildSeconds, codebook, itemMap, codebookSha256, itemMapSha256, kmeans,
                levelIterations, collisionRateAfter, maxItemsPerSidAfter, reassignedItems);
    }
}
