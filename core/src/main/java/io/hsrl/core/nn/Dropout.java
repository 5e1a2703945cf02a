package io.hsrl.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * nn.Dropout: inverted dropout (kept values scaled by 1/(1−p)) while training, identity otherwise. The mask comes
 * from {@code uniform ≥ p} rather than torch's {@code bernoulli_}, whose CPU kernel (no MKL in DJL's libtorch) draws a
 * double per element and was 4× slower here; the distribution is the same.
 */
public final class Dropout {
    private Dropout() {
    }

    public static NDArray apply(NDArray x, float rate, boolean training) {
        if (!training || rate <= 0f) {
            return x;
        }
        NDArray keep = x.getManager().randomUniform(0f, 1f, x.getShape(), x.getDataType(), x.getDevice()).gte(rate);
        return Scalars.mul(x.mul(keep), 1.0 / (1.0 - rate));
    }

    /**
     * Dropout of the part {@code x} of a tensor of shape {@code full} that {@code index} selects (e.g. the last position
     * of a sequence): the mask is drawn for the whole tensor and then cut, so the engine's random stream advances
     * exactly as if the whole tensor had been dropped out, and {@code x} gets the values it would have had there.
     */
    public static NDArray applyPart(NDArray x, Shape full, String index, float rate, boolean training) {
        if (!training || rate <= 0f) {
            return x;
        }
        NDArray keep = x.getManager().randomUniform(0f, 1f, full, x.getDataType(), x.getDevice()).get(index).gte(rate);
        return Scalars.mul(x.mul(keep), 1.0 / (1.0 - rate));
    }
}
