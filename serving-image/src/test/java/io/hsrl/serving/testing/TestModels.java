package io.hsrl.serving.testing;

import io.hsrl.artifact.CheckpointManifest;
import io.hsrl.artifact.LatestCheckpoint;
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
 * Publishes small seeded models the way a trainer does: checkpoint files, then the manifest with their digests, then
 * {@code checkpoints/latest.json} pointing at it (relative). Item ids are {@code FIRST_ID + i}.
 */
public final class TestModels {
    public static final long FIRST_ID = 1000;
    public static final long ITERATION = 10;

    private TestModels() {
    }

    /** A published model. */
    public record Published(String latestUri, String manifestUri, String policyUri, long[] ids, float[] embeddings,
                            int dimension, int[] sids, int levels) {
        public int[] sid(int item) {
            return java.util.Arrays.copyOfRange(sids, item * levels, (item + 1) * levels);
        }
    }

    public static Published publish(ObjectStore store, String trainingPrefix, int items, int dimension, long seed)
            throws IOException {
        Random random = new Random(seed);
        long[] ids = new long[items];
        float[] emb = new float[items * dimension];
        for (int i = 0; i < items; i++) {
            ids[i] = FIRST_ID + i;
        }
        for (int i = 0; i < emb.length; i++) {
            emb[i] = (float) random.nextGaussian();
        }
        int levels = 3;
        int v = (int) Math.ceil(Math.cbrt(items));
        int[] sids = new int[items * levels];
        for (int i = 0; i < items; i++) {
            sids[i * levels] = i / (v * v);
            sids[i * levels + 1] = (i / v) % v;
            sids[i * levels + 2] = i % v;
        }
        byte[] policy = DotProductPolicy.encode(ids, emb, dimension, sids, levels);
        String checkpoints = ObjectUri.resolve(trainingPrefix, "checkpoints");
        String folder = ObjectUri.resolve(checkpoints, String.format("%08d", ITERATION));
        String policyUri = ObjectUri.resolve(folder, "policy.ndlist");
        store.write(policyUri, policy);
        CheckpointManifest manifest = new CheckpointManifest(CheckpointManifest.SCHEMA_VERSION, ITERATION, ITERATION,
                Instant.parse("2026-01-01T00:00:00Z").toString(), DotProductPolicy.ALGORITHM, "reference", seed,
                null, null, null, null,
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
        return new Published(latestUri, manifestUri, policyUri, ids, emb, dimension, sids, levels);
    }

    /** Flips one byte of the policy file, leaving the manifest's digest as it was (a corrupt or tampered model). */
    public static void corrupt(ObjectStore store, Published model) throws IOException {
        byte[] b = store.read(model.policyUri());
        b[b.length / 2] ^= 0x5a;
        store.write(model.policyUri(), b);
    }
}
