package io.hsrl.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.util.SplittableRandom;

/**
 * nn.Dropout: inverted dropout (kept values scaled by 1/(1−p)) while training, identity otherwise. Each value is
 * dropped independently with probability p, and a mask is drawn only for the values that are computed (e.g. the last
 * position of the encoder's last layer). The scale is part of the mask (which needs no gradient), so the graph holds
 * one product per dropout.
 * <p>
 * On the CPU the mask is drawn on the host: one 63-bit seed from the engine's generator per mask (so that
 * {@code Engine.setRandomSeed} fixes every mask, as it fixes every other random number of a run) seeds a
 * {@link SplittableRandom}, whose 32-bit halves are compared with {@code p·2³²}, and the mask is written into the
 * memory of a new libtorch tensor. libtorch's CPU {@code uniform_} runs a Mersenne Twister one float at a time (about
 * 4 ns a value here, and a comparison and a conversion after it); this costs about a third of that. On other devices the mask is {@code uniform ≥ p} drawn there (torch's
 * {@code bernoulli_} draws a double per element on the CPU and is slower still).
 */
public final class Dropout {
    private static final ThreadLocal<float[]> BUFFER = ThreadLocal.withInitial(() -> new float[0]);

    private Dropout() {
    }

    public static NDArray apply(NDArray x, float rate, boolean training) {
        if (!training || rate <= 0f) {
            return x;
        }
        return x.mul(mask(x.getManager(), x, rate));
    }

    private static NDArray mask(NDManager manager, NDArray x, float rate) {
        float scale = (float) (1.0 / (1.0 - rate));
        if (!x.getDevice().equals(ai.djl.Device.cpu()) || x.getDataType() != DataType.FLOAT32) {
            NDArray keep = manager.randomUniform(0f, 1f, x.getShape(), x.getDataType(), x.getDevice()).gte(rate);
            return Scalars.mul(keep.toType(x.getDataType(), false), scale);
        }
        long seed;
        try (NDArray s = manager.randomInteger(0, Long.MAX_VALUE, new Shape(1), DataType.INT64)) {
            seed = s.getLong();
        }
        int n = Math.toIntExact(x.size());
        float[] values = BUFFER.get();
        if (values.length < n) {
            values = new float[n];
            BUFFER.set(values);
        }
        fill(values, n, new SplittableRandom(seed), threshold(rate), scale);
        // written straight into the memory of a libtorch tensor (no copy held by Java, nothing for the GC to free)
        NDArray mask = manager.create(x.getShape(), DataType.FLOAT32);
        mask.toByteBuffer(true).asFloatBuffer().put(values, 0, n);
        return mask;
    }

    /** Values below this 32-bit threshold are dropped: probability {@code ⌈p·2³²⌉/2³²}. */
    static long threshold(float rate) {
        return (long) Math.ceil(rate * 4294967296.0);
    }

    /** {@code n} mask values, 0 with probability threshold/2³², else {@code scale}; two per 64-bit draw, no branches. */
    static void fill(float[] values, int n, SplittableRandom random, long threshold, float scale) {
        int i = 0;
        for (; i + 1 < n; i += 2) {
            long bits = random.nextLong();
            values[i] = scale * (float) (1 - (((bits & 0xffffffffL) - threshold) >>> 63));
            values[i + 1] = scale * (float) (1 - (((bits >>> 32) - threshold) >>> 63));
        }
        if (i < n) {
            values[i] = scale * (float) (1 - (((random.nextLong() & 0xffffffffL) - threshold) >>> 63));
        }
    }
}
