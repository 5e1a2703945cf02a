package io.hsrl.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

import java.util.Map;

/**
 * The SASRec-style state encoder of the policy (hsrl-reference.md §5): {@code x = LN(Drop(Lin(X) + P))}, then causal
 * post-LN encoder layers; the state is the output at the last (most recent) position. Parameter names follow the
 * reference's state dict ({@code item_map}, {@code pos_emb}, {@code emb_norm}, {@code transformer.layers.i}).
 */
public final class SasRecEncoder {
    private final Linear itemMap;
    private final NDArray positions;
    private final LayerNorm embeddingNorm;
    private final TransformerEncoderLayer[] layers;
    private final float dropout;
    private final int historyLength;

    public SasRecEncoder(ParameterSet params, int itemDim, int dim, int heads, int layerCount, int feedForward,
                         float dropout, int historyLength, TorchInit init) {
        this(params, itemDim, dim, heads, layerCount, feedForward, dropout, historyLength, init, false);
    }

    /**
     * @param clonedLayers true: every layer starts as a copy of the first, as {@code nn.TransformerEncoder} deep-copies
     *                     the one layer it is given (the released code); the generator then draws one layer's values
     *                     only. false: each layer is drawn on its own.
     */
    public SasRecEncoder(ParameterSet params, int itemDim, int dim, int heads, int layerCount, int feedForward,
                         float dropout, int historyLength, TorchInit init, boolean clonedLayers) {
        this.itemMap = new Linear(params, "item_map", itemDim, dim, init);
        this.positions = params.add("pos_emb.weight", init.normal(historyLength * dim), new Shape(historyLength, dim));
        this.embeddingNorm = new LayerNorm(params, "emb_norm", dim);
        this.layers = new TransformerEncoderLayer[layerCount];
        String first = "transformer.layers.0.";
        for (int i = 0; i < layerCount; i++) {
            boolean clone = clonedLayers && i > 0;
            String prefix = "transformer.layers." + i + ".";
            layers[i] = new TransformerEncoderLayer(params, prefix.substring(0, prefix.length() - 1), dim, heads,
                    feedForward, dropout, clone ? new TorchInit(0) : init);
            if (clone) {
                for (Map.Entry<String, NDArray> e : params.arrays().entrySet()) {
                    if (e.getKey().startsWith(first)) {
                        params.get(prefix + e.getKey().substring(first.length())).set(e.getValue().toFloatArray());
                    }
                }
            }
        }
        this.dropout = dropout;
        this.historyLength = historyLength;
    }

    /** The input item map applied to item features (…, d_i) → (…, d): the flat baseline's item embedding (§9.3). */
    public NDArray projectItems(NDArray itemFeatures) {
        return itemMap.forward(itemFeatures);
    }

    /** History features (N, H, d_i) → all positions (N, H, d). */
    public NDArray sequence(NDArray historyFeatures, boolean training) {
        NDArray x = embed(historyFeatures, training);
        for (TransformerEncoderLayer layer : layers) {
            x = layer.forward(x, true, training);
        }
        return x;
    }

    private NDArray embed(NDArray historyFeatures, boolean training) {
        if (historyFeatures.getShape().get(1) != historyLength) {
            throw new IllegalArgumentException("history length " + historyFeatures.getShape().get(1)
                    + ", the encoder was built for " + historyLength);
        }
        return embeddingNorm.forward(Dropout.apply(itemMap.forward(historyFeatures).add(positions), dropout, training));
    }

    /**
     * The state s = Z[:, H−1, :] (N, d). The last layer is computed at the last position only (causal attention: no
     * other position's output reaches it), drawing dropout masks for that position only.
     */
    public NDArray state(NDArray historyFeatures, boolean training) {
        if (layers.length == 0) {
            return sequence(historyFeatures, training).get(":, -1, :");
        }
        NDArray x = embed(historyFeatures, training);
        for (int i = 0; i < layers.length - 1; i++) {
            x = layers[i].forward(x, true, training);
        }
        return layers[layers.length - 1].forwardLast(x, training).squeeze(1);
    }
}
