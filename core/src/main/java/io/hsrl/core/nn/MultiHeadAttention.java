package io.hsrl.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;

/**
 * nn.MultiheadAttention (batch-first, self-attention) with PyTorch's layout (hsrl-reference.md §5, §11): one packed
 * in_proj (3E×E, xavier-uniform, bias 0), scale 1/√(E/h), an optional causal mask applied as an additive −∞ mask,
 * attention dropout, out_proj (U(±1/√E), bias 0).
 */
public final class MultiHeadAttention {
    private final Linear inProj;
    private final Linear outProj;
    private final int dim;
    private final int heads;
    private final float dropout;
    private final NDManager maskManager;
    private NDArray mask;

    public MultiHeadAttention(ParameterSet params, String name, int dim, int heads, float dropout, TorchInit init) {
        if (dim % heads != 0) {
            throw new IllegalArgumentException("model width " + dim + " is not divisible by " + heads + " heads");
        }
        this.dim = dim;
        this.heads = heads;
        this.dropout = dropout;
        this.maskManager = params.manager();
        NDArray inW = params.add(name + ".in_proj_weight", init.xavierUniform(3 * dim, dim), new Shape(3L * dim, dim));
        NDArray inB = params.add(name + ".in_proj_bias", TorchInit.constant(3 * dim, 0f), new Shape(3L * dim));
        this.inProj = new Linear(inW, inB);
        double bound = 1 / Math.sqrt(dim);
        NDArray outW = params.add(name + ".out_proj.weight", init.uniform(dim * dim, bound), new Shape(dim, dim));
        NDArray outB = params.add(name + ".out_proj.bias", TorchInit.constant(dim, 0f), new Shape(dim));
        this.outProj = new Linear(outW, outB);
    }

    /** x (N, T, E) → (N, T, E). */
    public NDArray forward(NDArray x, boolean causal, boolean training) {
        long n = x.getShape().get(0);
        long t = x.getShape().get(1);
        int hd = dim / heads;
        // (N, T, 3E) → (3, N, h, T, hd) in one reshape and one permute, then q, k, v by the leading index
        NDArray qkv = inProj.forward(x).reshape(n, t, 3, heads, hd).transpose(2, 0, 3, 1, 4);
        NDArray q = qkv.get(0);
        NDArray k = qkv.get(1);
        NDArray v = qkv.get(2);
        NDArray scores = Scalars.mul(q, 1.0 / Math.sqrt(hd)).matMul(k.transpose(0, 1, 3, 2)); // (N, h, T, T)
        if (causal) {
            scores = scores.add(causalMask((int) t));
        }
        NDArray attention = Dropout.apply(scores.softmax(-1), dropout, training);
        NDArray out = attention.matMul(v).transpose(0, 2, 1, 3).reshape(n, t, dim);
        return outProj.forward(out);
    }

    /**
     * The output at the last position only, x (N, T, E) → (N, 1, E), with causal masking: the last query sees every
     * key, so no mask is added. Keys and values come from all positions; the attention dropout mask is drawn for the
     * last query row (N, h, 1, T) only.
     */
    public NDArray forwardLast(NDArray x, boolean training) {
        long n = x.getShape().get(0);
        long t = x.getShape().get(1);
        int hd = dim / heads;
        NDArray qkv = inProj.forward(x).reshape(n, t, 3, heads, hd).transpose(2, 0, 3, 1, 4);
        NDArray q = qkv.get("0, :, :, -1:, :"); // (N, h, 1, hd)
        NDArray k = qkv.get(1);
        NDArray v = qkv.get(2);
        NDArray scores = Scalars.mul(q, 1.0 / Math.sqrt(hd)).matMul(k.transpose(0, 1, 3, 2)); // (N, h, 1, T)
        NDArray attention = Dropout.apply(scores.softmax(-1), dropout, training);
        NDArray out = attention.matMul(v).transpose(0, 2, 1, 3).reshape(n, 1, dim);
        return outProj.forward(out);
    }

    /** (T, T): 0 where key ≤ query, −∞ above the diagonal (PyTorch turns a boolean mask into this). */
    private NDArray causalMask(int t) {
        if (mask == null || mask.getShape().get(0) != t) {
            mask = causalMask(maskManager, t);
            NDScope.unregister(mask);
        }
        return mask;
    }

    static NDArray causalMask(NDManager manager, int t) {
        float[] m = new float[t * t];
        for (int i = 0; i < t; i++) {
            for (int j = i + 1; j < t; j++) {
                m[i * t + j] = Float.NEGATIVE_INFINITY;
            }
        }
        return manager.create(m, new Shape(t, t));
    }
}
