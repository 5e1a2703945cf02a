package io.hsrl.serving.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.hsrl.core.engine.ComputeDevice;
import io.hsrl.core.sid.ItemSidMap;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Interim model (algorithm {@value #ALGORITHM}) used while the Hierarchical Policy's checkpoint format is being
 * merged: a user is the mean embedding of the known items in the history (the catalogue mean for an empty one), every
 * item scores by dot product, the slate is the top K not excluded. Items, ids and SIDs are the model's Semantic-ID
 * index ({@link ItemSidMap}); checkpoint file {@value #FILE} is an {@link NDList} of one float32 array, the item
 * embeddings (N × d) in the index's item order.
 */
public final class DotProductPolicy implements LoadedPolicy {
    public static final String ALGORITHM = "dot-product";
    public static final String FILE = "policy";

    private final NDManager root;
    private final NDArray itemsByDim; // (d, N): one matMul scores a whole batch
    private final long[] ids;
    private final float[] embeddings;
    private final float[] meanEmbedding;
    private final int[][] sids;
    private final int dimension;
    private final Map<Long, Integer> indexById;
    private final ModelDescription description;

    private DotProductPolicy(NDManager root, NDArray itemsByDim, long[] ids, float[] embeddings, int dimension,
                             int[][] sids, ModelDescription description) {
        this.root = root;
        this.itemsByDim = itemsByDim;
        this.ids = ids;
        this.embeddings = embeddings;
        this.dimension = dimension;
        this.sids = sids;
        this.description = description;
        this.indexById = new HashMap<>(ids.length * 2);
        for (int i = 0; i < ids.length; i++) {
            indexById.put(ids[i], i);
        }
        this.meanEmbedding = new float[dimension];
        for (int i = 0; i < ids.length; i++) {
            for (int j = 0; j < dimension; j++) {
                meanEmbedding[j] += embeddings[i * dimension + j] / ids.length;
            }
        }
    }

    public static DotProductPolicy load(ModelArtifacts artifacts, PolicyOptions options) throws ModelLoadException {
        byte[] bytes = artifacts.file(FILE);
        ItemSidMap map = artifacts.index().itemMap();
        Device device = ComputeDevice.resolve(options.device());
        NDManager root = NDManager.newBaseManager(device);
        try {
            NDList arrays;
            try {
                arrays = NDList.decode(root, bytes);
            } catch (RuntimeException e) {
                throw new ModelLoadException(artifacts.manifestUri() + ": file '" + FILE + "' is not an NDList: " + e.getMessage(), e);
            }
            NDArray emb = arrays.size() == 1 ? arrays.get(0) : null;
            if (emb == null || emb.getShape().dimension() != 2 || emb.getShape().get(0) != map.items()
                    || emb.getDataType() != DataType.FLOAT32) {
                throw new ModelLoadException(artifacts.manifestUri() + ": file '" + FILE + "' must hold one float32 "
                        + "(items, d) array for the index's " + map.items() + " items; it holds "
                        + arrays.stream().map(a -> a.getShape() + " " + a.getDataType()).toList());
            }
            int d = (int) emb.getShape().get(1);
            long[] ids = new long[map.items()];
            int[][] sids = new int[map.items()][];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = map.itemId(i);
                sids[i] = map.sid(i);
            }
            float[] embeddings = emb.toFloatArray();
            NDArray itemsByDim = emb.transpose().duplicate();
            arrays.close();
            var m = artifacts.manifest();
            ModelDescription description = new ModelDescription(artifacts.manifestUri(), artifacts.requestedUri(),
                    artifacts.manifestSha256(), m.mode(), m.algorithm(), m.iteration(), artifacts.indexUri(), ids.length,
                    map.length(), Instant.now().toString(), Map.of("dimension", d, "device", device.toString(),
                    "indexItemMapSha256", String.valueOf(artifacts.index().stats().itemMapSha256())));
            return new DotProductPolicy(root, itemsByDim, ids, embeddings, d, sids, description);
        } catch (ModelLoadException | RuntimeException e) {
            root.close();
            throw e;
        }
    }

    @Override
    public List<Slate> recommend(List<SlateRequest> batch) {
        int b = batch.size();
        float[] users = new float[b * dimension];
        int[] unknown = new int[b];
        List<Set<Integer>> excluded = new ArrayList<>(b);
        int widest = 1;
        for (int r = 0; r < b; r++) {
            SlateRequest q = batch.get(r);
            int known = 0;
            for (long id : q.history()) {
                Integer i = indexById.get(id);
                if (i == null) {
                    unknown[r]++;
                    continue;
                }
                known++;
                for (int j = 0; j < dimension; j++) {
                    users[r * dimension + j] += embeddings[i * dimension + j];
                }
            }
            for (int j = 0; j < dimension; j++) {
                users[r * dimension + j] = known == 0 ? meanEmbedding[j] : users[r * dimension + j] / known;
            }
            Set<Integer> ex = new HashSet<>();
            for (long id : q.exclude()) {
                Integer i = indexById.get(id);
                if (i != null) {
                    ex.add(i);
                }
            }
            excluded.add(ex);
            widest = Math.max(widest, Math.min(ids.length, q.slateSize() + ex.size()));
        }
        float[] topScores;
        long[] topItems;
        try (NDManager step = root.newSubManager()) {
            NDArray scores = step.create(users, new Shape(b, dimension)).matMul(itemsByDim);
            NDList top = scores.topK(widest, -1, true, true);
            topScores = top.get(0).toFloatArray();
            topItems = top.get(1).toLongArray();
        }
        List<Slate> out = new ArrayList<>(b);
        for (int r = 0; r < b; r++) {
            int k = batch.get(r).slateSize();
            long[] items = new long[k];
            int[][] slateSids = new int[k][];
            float[] slateScores = new float[k];
            int n = 0;
            for (int c = 0; c < widest && n < k; c++) {
                int i = (int) topItems[r * widest + c];
                if (!excluded.get(r).contains(i)) {
                    items[n] = ids[i];
                    slateSids[n] = sids[i].clone();
                    slateScores[n] = topScores[r * widest + c];
                    n++;
                }
            }
            out.add(n == k ? new Slate(items, slateSids, slateScores, unknown[r], 1)
                    : new Slate(java.util.Arrays.copyOf(items, n), java.util.Arrays.copyOf(slateSids, n),
                    java.util.Arrays.copyOf(slateScores, n), unknown[r], 1));
        }
        return out;
    }

    @Override
    public ModelDescription describe() {
        return description;
    }

    @Override
    public int items() {
        return ids.length;
    }

    @Override
    public void close() {
        root.close();
    }

    /** Encodes a checkpoint file of this format: item embeddings in the index's item order. */
    public static byte[] encode(float[] embeddings, int items, int dimension) {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            return new NDList(m.create(embeddings, new Shape(items, dimension))).encode();
        }
    }
}
