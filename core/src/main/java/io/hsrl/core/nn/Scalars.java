package io.hsrl.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Tensor-by-number arithmetic that is safe under autograd. DJL's PyTorch engine computes {@code x.mul(2f)} by wrapping
 * the number in a tensor over a Java direct buffer ({@code torch::from_blob}) and closing that wrapper as soon as the
 * product is made. Autograd keeps the scalar for the backward pass ({@code d(x·c)/dx = c}); once the garbage
 * collector frees the buffer, the backward pass reads freed memory and the gradients become NaN or ±3e38 at an
 * iteration that depends on when the collector ran. Here the scalar is allocated by libtorch itself
 * ({@code NDManager.full}), so autograd's own reference keeps it alive. Use these for every multiplication, division,
 * maximum or minimum by a number on a path that gradients flow through; {@code add} and {@code sub} by a number keep
 * nothing for the backward pass and are safe as they are. {@code GcPressureTest} guards this.
 */
public final class Scalars {
    private Scalars() {
    }

    /** {@code x · c}. */
    public static NDArray mul(NDArray x, double c) {
        try (NDArray s = scalar(x, c)) {
            return x.mul(s);
        }
    }

    /** {@code x / c}. */
    public static NDArray div(NDArray x, double c) {
        try (NDArray s = scalar(x, c)) {
            return x.div(s);
        }
    }

    /** {@code max(x, c)} elementwise. */
    public static NDArray maximum(NDArray x, double c) {
        try (NDArray s = scalar(x, c)) {
            return x.maximum(s);
        }
    }

    private static NDArray scalar(NDArray like, double c) {
        return like.getManager().full(new Shape(), (float) c, like.getDataType(), like.getDevice());
    }
}
