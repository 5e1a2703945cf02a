package io.hsrl.core.nn;

import ai.djl.ndarray.NDArray;

/**
 * nn.Dropout: inverted dropout (kept values scaled by 1/(1−p)) while training, identity otherwise. The mask comes
 * from {@code uniform ≥ p} rather than torch's {@code bernoulli_}, whose CPU kernel (no MKL in DJL's libtorch) draws a
 * double per element and was 4× slower here; the distribution is the same. The scale is folded into the mask (no
 * gradient) so that the graph holds one product per dropout: {@code x·(keep·s)} equals {@code (x·keep)·s} bit for bit,
 * keep being 0 or 1. A mask is drawn only for the values that are computed (e.g. the last position of the encoder's
 * last layer), one uniform number each.
 */
public final class Dropout {
    private Dropout() {
    }

    public static NDArray apply(NDArray x, float rate, boolean training) {
        if (!training || rate <= 0f) {
            return x;
        }
        NDArray keep = x.getManager().randomUniform(0f, 1f, x.getShape(), x.getDataType(), x.getDevice()).gte(rate);
        return x.mul(Scalars.mul(keep.toType(x.getDataType(), false), 1.0 / (1.0 - rate)));
    }
}
