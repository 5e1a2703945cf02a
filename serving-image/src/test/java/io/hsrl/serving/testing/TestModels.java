package io.hsrl.serving.testing;

import io.hsrl.artifact.CheckpointManifest;
import io.hsrl.artifact.LatestCheckpoint;
import io.hsrl.core.catalog.ItemTable;
import io.hsrl.core.sid.BuildProgress;
import io.hsrl.core.sid.CollisionPolicy;
import io.hsrl.core.sid.IndexBuilder;
import io.hsrl.core.sid.IndexOptions;
import io.hsrl.core.sid.ItemSidMap;
import io.hsrl.core.sid.KMeansMode;
import io.hsrl.core.sid.SidIndex;
import io.hsrl.serving.model.DotProductPolicy;
import io.hsrl.serving.model.ModelLoader;
import io.hsrl.store.ObjectStore;
import io.hsrl.store.ObjectUri;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Publishes small seeded models the way the indexer and trainer do: the Semantic-ID index ({@code index/}), checkpoint
 * files, then the manifest with their digests and the index URI, then {@code checkpoints/latest.json} pointing at it
 * (relative). Item ids are {@code FIRST_ID + i}; {@code embeddings} are in id order.
 */
public final class TestModels {
    public static final long FIRST_ID = 1000;
    public static final long ITERATION = 10;

    private TestModels() {
    }

    /** A published model, with its Semantic-ID index. */
    public record Published(String latestUri, String manifestUri, String policyUri, String indexUri, long[] ids,
                            float[] embeddings, int dimension, ItemSidMap itemMap) {
        /** The SID of an item id, from the index. */
        public int[] sidOf(long id) {
            return itemMap.sid(itemMap.indexOf(id));
        }
    }

    /**
     * Builds a real Semantic-ID index (balanced residual k-means, collisions resolved by an extra level) over seeded
     * Gaussian item vectors and publishes it with a dot-product checkpoint whose embeddings are those vectors.
     */
    public static Published publish(ObjectStore store, String trainingPrefix, int items, int dimension, long seed)
            throws IOException {
        Random random = new Random(seed);
        long[] ids = new long[items];
        float[] vectors = new float[items * dimension];
        for (int i = 0; i < items; i++) {
            ids[i] = FIRST_ID + i;
        }
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = (float) random.nextGaussian();
        }
        int codebookSize = Math.max(4, (int) Math.ceil(Math.cbrt(items)));
        SidIndex index = IndexBuilder.build(new ItemTable(ids, vectors, dimension, null, "test catalogue"),
                new IndexOptions(3, codebookSize, KMeansMode.BALANCED, seed, CollisionPolicy.EXTRA_LEVEL, 5),
                BuildProgress.NONE);
        String indexUri = ObjectUri.resolve(trainingPrefix, "index");
        index.write(store, indexUri);
        ItemSidMap map = index.itemMap();
        // the checkpoint's rows follow the index's item order
        float[] embeddings = new float[items * dimension];
        for (int i = 0; i < items; i++) {
            int row = (int) (map.itemId(i) - FIRST_ID);
            System.arraycopy(vectors, row * dimension, embeddings, i * dimension, dimension);
        }
        byte[] policy = DotProductPolicy.encode(embeddings, items, dimension);
        String checkpoints = ObjectUri.resolve(trainingPrefix, "checkpoints");
        String folder = ObjectUri.resolve(checkpoints, String.format("%08d", ITERATION));
        String policyUri = ObjectUri.resolve(folder, "policy.ndlist");
        store.write(policyUri, policy);
        CheckpointManifest manifest = new CheckpointManifest(CheckpointManifest.SCHEMA_VERSION, ITERATION, ITERATION,
                Instant.parse("2026-01-01T00:00:00Z").toString(), DotProductPolicy.ALGORITHM, "reference", seed,
                indexUri, null, null, null,
                Map.of(DotProductPolicy.FILE, new CheckpointManifest.FileEntry("policy.ndlist",
                        ModelLoader.sha256(policy), policy.length)),
                Map.of("dimension", dimension), null);
        String manifestUri = ObjectUri.resolve(folder, CheckpointManifest.FILE);
        store.writeJson(manifestUri, manifest);
        String latestUri = ObjectUri.resolve(checkpoints, LatestCheckpoint.FILE);
        store.writeJson(latestUri, new LatestCheckpoint(LatestCheckpoint.SCHEMA_VERSION, ITERATION,
                String.format("%08d", ITERATION) + "/" + CheckpointManifest.FILE, true,
                List.of(new LatestCheckpoint.Entry(ITERATION, String.format("%08d", ITERATION) + "/"
                        + CheckpointManifest.FILE, null))));
        return new Published(latestUri, manifestUri, policyUri, indexUri, ids, vectors, dimension, map);
    }

    /** Flips one byte of the policy file, leaving the manifest's digest as it was (a corrupt or tampered model). */
    public static void corrupt(ObjectStore store, Published model) throws IOException {
        byte[] b = store.read(model.policyUri());
        b[b.length / 2] ^= 0x5a;
        store.write(model.policyUri(), b);
    }
}
