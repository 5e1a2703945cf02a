package io.hsrl.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** nn.LayerNorm over the last axis, eps 1e-5, γ = 1, β = 0 (hsrl-reference.md §5). */
public final class LayerNorm {
    public static final float EPS = 1e-5f;
    private final NDArray gamma;
    private final NDArray beta;
    private final Shape normalized;

    public LayerNorm(ParameterSet params, String name, int dim) {
        this.gamma = params.add(name + ".weight", TorchInit.constant(dim, 1f), new Shape(dim));
        this.beta = params.add(name + ".bias", TorchInit.constant(dim, 0f), new Shape(dim));
        this.normalized = new Shape(dim);
    }

    public NDArray forward(NDArray x) {
        return ai.djl.nn.norm.LayerNorm.layerNorm(x, normalized, gamma, beta, EPS).singletonOrThrow();
    }
}
