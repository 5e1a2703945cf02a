package io.hsrl.core.nn;

import ai.djl.ndarray.NDArray;

/**
 * nn.TransformerEncoderLayer with PyTorch defaults: post-LN, ReLU, dropout everywhere (hsrl-reference.md §5):
 * {@code x ← LN1(x + Drop(MHA(x))); x ← LN2(x + Drop(Lin2(Drop(ReLU(Lin1(x))))))}.
 */
public final class TransformerEncoderLayer {
    private final MultiHeadAttention selfAttention;
    private final Linear linear1;
    private final Linear linear2;
    private final LayerNorm norm1;
    private final LayerNorm norm2;
    private final float dropout;

    public TransformerEncoderLayer(ParameterSet params, String name, int dim, int heads, int feedForward,
                                   float dropout, TorchInit init) {
        this.selfAttention = new MultiHeadAttention(params, name + ".self_attn", dim, heads, dropout, init);
        this.linear1 = new Linear(params, name + ".linear1", dim, feedForward, init);
        this.linear2 = new Linear(params, name + ".linear2", feedForward, dim, init);
        this.norm1 = new LayerNorm(params, name + ".norm1", dim);
        this.norm2 = new LayerNorm(params, name + ".norm2", dim);
        this.dropout = dropout;
    }

    public NDArray forward(NDArray x, boolean causal, boolean training) {
        NDArray a = selfAttention.forward(x, causal, training);
        x = norm1.forward(x.add(Dropout.apply(a, dropout, training)));
        NDArray h = Dropout.apply(ai.djl.nn.Activation.relu(linear1.forward(x)), dropout, training);
        NDArray f = linear2.forward(h);
        return norm2.forward(x.add(Dropout.apply(f, dropout, training)));
    }

    /**
     * The causal layer's output at the last position only, x (N, T, E) → (N, 1, E): what {@link #forward} gives there
     * (each position's output depends on the positions up to it), with dropout masks drawn for that position only.
     */
    public NDArray forwardLast(NDArray x, boolean training) {
        NDArray a = selfAttention.forwardLast(x, training);
        NDArray y = norm1.forward(x.get(":, -1:, :").add(Dropout.apply(a, dropout, training)));
        NDArray h = Dropout.apply(ai.djl.nn.Activation.relu(linear1.forward(y)), dropout, training);
        NDArray f = linear2.forward(h);
        return norm2.forward(y.add(Dropout.apply(f, dropout, training)));
    }
}
