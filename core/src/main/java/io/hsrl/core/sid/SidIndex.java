package io.hsrl.core.sid;

import io.hsrl.artifact.IndexStats;
import io.hsrl.store.ObjectStore;
import io.hsrl.store.ObjectUri;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A built Semantic-ID index: the codebook, the one-to-one item map and the build's statistics, stored as
 * {@code codebook.bin}, {@code item-map.bin} and {@code stats.json} in one folder (local path or {@code s3://}).
 */
public record SidIndex(Codebook codebook, ItemSidMap itemMap, IndexStats stats) {

    /** Writes the three files under {@code folder}; returns the stats as written (with file names and SHA-256s). */
    public IndexStats write(ObjectStore store, String folder) throws IOException {
        byte[] cb = codebook.toBytes();
        byte[] map = itemMap.toBytes();
        IndexStats written = stats.withFiles(IndexStats.CODEBOOK_FILE, IndexStats.ITEM_MAP_FILE, sha256(cb), sha256(map));
        store.write(ObjectUri.resolve(folder, IndexStats.CODEBOOK_FILE), cb);
        store.write(ObjectUri.resolve(folder, IndexStats.ITEM_MAP_FILE), map);
        // stats last: its presence says the index is complete
        store.writeJson(ObjectUri.resolve(folder, IndexStats.FILE), written);
        return written;
    }

    /**
     * Reads an index written by {@link #write}. Each file is checked (magic, version, shapes, CRC32) and against the
     * SHA-256 recorded in stats.json; every error names the file.
     */
    public static SidIndex read(ObjectStore store, String folder) throws IOException {
        String statsUri = ObjectUri.resolve(folder, IndexStats.FILE);
        IndexStats stats = store.readJson(statsUri, IndexStats.class);
        if (stats.schemaVersion() < 1 || stats.schemaVersion() > IndexStats.SCHEMA_VERSION) {
            throw new IOException(statsUri + ": unsupported schemaVersion " + stats.schemaVersion());
        }
        String cbUri = ObjectUri.resolve(folder, stats.codebook() == null ? IndexStats.CODEBOOK_FILE : stats.codebook());
        String mapUri = ObjectUri.resolve(folder, stats.itemMap() == null ? IndexStats.ITEM_MAP_FILE : stats.itemMap());
        byte[] cbBytes = store.read(cbUri);
        byte[] mapBytes = store.read(mapUri);
        Codebook codebook = Codebook.fromBytes(cbBytes, cbUri);
        checkSha(cbBytes, stats.codebookSha256(), cbUri, statsUri);
        ItemSidMap map = ItemSidMap.fromBytes(mapBytes, mapUri, codebook);
        checkSha(mapBytes, stats.itemMapSha256(), mapUri, statsUri);
        if (map.items() != stats.items() || codebook.size() != stats.codebookSize() || codebook.levels() != stats.levels()) {
            throw new IOException(statsUri + ": does not describe " + cbUri + " and " + mapUri + " (items, levels or size differ)");
        }
        return new SidIndex(codebook, map, stats);
    }

    private static void checkSha(byte[] data, String expected, String uri, String statsUri) throws IOException {
        if (expected != null && !expected.equalsIgnoreCase(sha256(data))) {
            throw new IOException(uri + ": SHA-256 differs from the one in " + statsUri + " (file replaced or corrupt)");
        }
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
