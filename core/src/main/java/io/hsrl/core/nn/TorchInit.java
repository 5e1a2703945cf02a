package io.hsrl.core.nn;

import java.util.SplittableRandom;

/**
 * PyTorch's default initialisations (hsrl-reference.md §5), drawn on the host from a seeded generator so that a model
 * is the same for a seed whatever the engine or device.
 */
public final class TorchInit {
    private final SplittableRandom random;

    public TorchInit(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** U(−bound, bound): nn.Linear weight and bias use bound = 1/√fan_in (kaiming_uniform with a = √5). */
    public float[] uniform(int count, double bound) {
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            out[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
        }
        return out;
    }

    /** N(0, 1): nn.Embedding's default. */
    public float[] normal(int count) {
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            out[i] = (float) gaussian();
        }
        return out;
    }

    /** xavier_uniform_: bound = √(6 / (fan_in + fan_out)), used by MHA's packed in_proj_weight. */
    public float[] xavierUniform(int fanOut, int fanIn) {
        return uniform(fanOut * fanIn, Math.sqrt(6.0 / (fanIn + fanOut)));
    }

    public static float[] constant(int count, float value) {
        float[] out = new float[count];
        java.util.Arrays.fill(out, value);
        return out;
    }

    private double gaussian() {
        // Box–Muller; SplittableRandom has no nextGaussian on Java 17.
        double u1 = random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }
}
