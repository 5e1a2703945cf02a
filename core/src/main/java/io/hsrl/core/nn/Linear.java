package io.hsrl.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** nn.Linear: y = x·Wᵀ + b, W (out×in), both U(±1/√in) (hsrl-reference.md §5). */
public final class Linear {
    private final NDArray weight;
    private final NDArray bias;

    public Linear(ParameterSet params, String name, int in, int out, TorchInit init) {
        double bound = 1 / Math.sqrt(in);
        this.weight = params.add(name + ".weight", init.uniform(out * in, bound), new Shape(out, in));
        this.bias = params.add(name + ".bias", init.uniform(out, bound), new Shape(out));
    }

    /** Wraps existing tensors (e.g. the packed projection of attention). */
    Linear(NDArray weight, NDArray bias) {
        this.weight = weight;
        this.bias = bias;
    }

    public NDArray forward(NDArray x) {
        // Input first: the result belongs to the input's (step) manager, not to the parameters'.
        return ai.djl.nn.core.Linear.linear(x, weight, bias).singletonOrThrow();
    }
}
