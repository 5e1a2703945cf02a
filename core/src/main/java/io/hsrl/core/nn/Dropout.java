package io.hsrl.core.nn;

import ai.djl.ndarray.NDArray;

/** nn.Dropout: inverted dropout (kept values scaled by 1/(1−p)) while training, identity otherwise. */
public final class Dropout {
    private Dropout() {
    }

    public static NDArray apply(NDArray x, float rate, boolean training) {
        if (!training || rate <= 0f) {
            return x;
        }
        return ai.djl.nn.norm.Dropout.dropout(x, rate, true).singletonOrThrow();
    }
}
