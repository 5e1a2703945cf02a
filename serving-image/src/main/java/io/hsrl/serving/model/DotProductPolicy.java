package io.hsrl.serving.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.hsrl.core.engine.ComputeDevice;

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
 * item scores by dot product, the slate is the top K not excluded. Checkpoint file {@value #FILE}: an {@link NDList}
 * of item ids (int64, N), item embeddings (float32, N × d) and the items' SIDs (int32, N × L).
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
        Device device = ComputeDevice.resolve(options.device());
        NDManager root = NDManager.newBaseManager(device);
        try {
            NDList arrays;
            try {
                arrays = NDList.decode(root, bytes);
            } catch (RuntimeException e) {
                throw new ModelLoadException(artifacts.manifestUri() + ": file '" + FILE + "' is not an NDList: " + e.getMessage(), e);
            }
            if (arrays.size() != 3) {
                throw new ModelLoadException(artifacts.manifestUri() + ": file '" + FILE + "' holds " + arrays.size()
                        + " arrays, expected 3 (ids, embeddings, sids)");
            }
            NDArray idArray = arrays.get(0);
            NDArray emb = arrays.get(1);
            NDArray sidArray = arrays.get(2);
            Shape es = emb.getShape();
            if (idArray.getShape().dimension() != 1 || es.dimension() != 2 || es.get(0) != idArray.size()
                    || sidArray.getShape().dimension() != 2 || sidArray.getShape().get(0) != idArray.size()
                    || emb.getDataType() != DataType.FLOAT32) {
                throw new ModelLoadException(artifacts.manifestUri() + ": file '" + FILE + "' has shapes "
                        + idArray.getShape() + ", " + es + ", " + sidArray.getShape()
                        + "; expected (N), (N, d) float32, (N, L)");
            }
            long[] ids = idArray.toType(DataType.INT64, false).toLongArray();
            if (ids.length == 0) {
                throw new ModelLoadException(artifacts.manifestUri() + ": the model has no items");
            }
            if (new HashSet<>(java.util.Arrays.stream(ids).boxed().toList()).size() != ids.length) {
                throw new ModelLoadException(artifacts.manifestUri() + ": duplicate item ids in file '" + FILE + "'");
            }
            int d = (int) es.get(1);
            int levels = (int) sidArray.getShape().get(1);
            int[] flat = sidArray.toType(DataType.INT32, false).toIntArray();
            int[][] sids = new int[ids.length][levels];
            for (int i = 0; i < ids.length; i++) {
                System.arraycopy(flat, i * levels, sids[i], 0, levels);
            }
            float[] embeddings = emb.toFloatArray();
            NDArray itemsByDim = emb.transpose().duplicate();
            arrays.close();
            var m = artifacts.manifest();
            ModelDescription description = new ModelDescription(artifacts.manifestUri(), artifacts.requestedUri(),
                    artifacts.manifestSha256(), m.mode(), m.algorithm(), m.iteration(), m.indexUri(), ids.length,
                    levels, Instant.now().toString(), Map.of("dimension", d, "device", device.toString()));
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

    /** Encodes a checkpoint file of this format (used by tests, benchmarks and tools that publish such a model). */
    public static byte[] encode(long[] ids, float[] embeddings, int dimension, int[] sids, int levels) {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDList list = new NDList(m.create(ids), m.create(embeddings, new Shape(ids.length, dimension)),
                    m.create(sids, new Shape(ids.length, levels)));
            return list.encode();
        }
    }
}
