package io.hsrl.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TorchBlocksTest {
    private static float[] randomInput(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    private static void assertClose(float[] actual, double[] expected) {
        assertThat(actual).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) actual[i]).as("index %d", i).isCloseTo(expected[i], within(1e-5));
        }
    }

    @Test
    void attentionMatchesTheTorchFormulaWithAndWithoutCausalMask() {
        int t = 4;
        int e = 6;
        int h = 2;
        try (NDManager root = NDManager.newBaseManager(); ParameterSet p = new ParameterSet(root, true)) {
            MultiHeadAttention mha = new MultiHeadAttention(p, "a", e, h, 0.1f, new TorchInit(3));
            // biases are 0 by default (torch); give them values so that the bias paths are checked too
            p.get("a.in_proj_bias").set(randomInput(3 * e, 11));
            p.get("a.out_proj.bias").set(randomInput(e, 12));
            float[] x = randomInput(2 * t * e, 5);
            for (boolean causal : new boolean[] {true, false}) {
                try (NDManager step = root.newSubManager()) {
                    NDArray y = mha.forward(step.create(x, new Shape(2, t, e)), causal, false);
                    float[] out = y.toFloatArray();
                    for (int b = 0; b < 2; b++) {
                        double[] xb = new double[t * e];
                        for (int i = 0; i < t * e; i++) {
                            xb[i] = x[b * t * e + i];
                        }
                        double[] expected = Naive.attention(xb, t, e, h, p.get("a.in_proj_weight").toFloatArray(),
                                p.get("a.in_proj_bias").toFloatArray(), p.get("a.out_proj.weight").toFloatArray(),
                                p.get("a.out_proj.bias").toFloatArray(), causal);
                        float[] got = new float[t * e];
                        System.arraycopy(out, b * t * e, got, 0, t * e);
                        assertClose(got, expected);
                    }
                }
            }
        }
    }

    @Test
    void causalMaskHidesTheFutureAndDropoutOnlyActsWhileTraining() {
        try (NDManager root = NDManager.newBaseManager(); ParameterSet p = new ParameterSet(root, true)) {
            TransformerEncoderLayer layer = new TransformerEncoderLayer(p, "l", 8, 2, 16, 0.5f, new TorchInit(1));
            float[] x = randomInput(5 * 8, 2);
            float[] changed = x.clone();
            for (int i = 4 * 8; i < 5 * 8; i++) {
                changed[i] += 3f; // only the last position differs
            }
            try (NDManager step = root.newSubManager()) {
                float[] a = layer.forward(step.create(x, new Shape(1, 5, 8)), true, false).toFloatArray();
                float[] b = layer.forward(step.create(changed, new Shape(1, 5, 8)), true, false).toFloatArray();
                for (int i = 0; i < 4 * 8; i++) {
                    assertThat(b[i]).as("position %d", i / 8).isEqualTo(a[i]);
                }
                assertThat(b[4 * 8]).isNotEqualTo(a[4 * 8]);
                float[] again = layer.forward(step.create(x, new Shape(1, 5, 8)), true, false).toFloatArray();
                assertThat(again).containsExactly(a);
                float[] trained = layer.forward(step.create(x, new Shape(1, 5, 8)), true, true).toFloatArray();
                assertThat(trained).isNotEqualTo(a);
            }
        }
    }

    @Test
    void encoderLayerIsPostLayerNormWithRelu() {
        int t = 3;
        int e = 4;
        try (NDManager root = NDManager.newBaseManager(); ParameterSet p = new ParameterSet(root, true)) {
            TransformerEncoderLayer layer = new TransformerEncoderLayer(p, "l", e, 2, 5, 0.1f, new TorchInit(9));
            p.get("l.norm1.weight").set(randomInput(e, 21));
            p.get("l.norm2.bias").set(randomInput(e, 22));
            float[] x = randomInput(t * e, 7);
            try (NDManager step = root.newSubManager()) {
                float[] out = layer.forward(step.create(x, new Shape(1, t, e)), true, false).toFloatArray();
                double[] xd = Naive.toDouble(x);
                double[] a = Naive.attention(xd, t, e, 2, f(p, "l.self_attn.in_proj_weight"), f(p, "l.self_attn.in_proj_bias"),
                        f(p, "l.self_attn.out_proj.weight"), f(p, "l.self_attn.out_proj.bias"), true);
                double[] x1 = Naive.layerNorm(Naive.add(xd, a), t, e, f(p, "l.norm1.weight"), f(p, "l.norm1.bias"));
                double[] hidden = Naive.relu(Naive.linear(x1, t, e, f(p, "l.linear1.weight"), f(p, "l.linear1.bias"), 5));
                double[] ff = Naive.linear(hidden, t, 5, f(p, "l.linear2.weight"), f(p, "l.linear2.bias"), e);
                double[] expected = Naive.layerNorm(Naive.add(x1, ff), t, e, f(p, "l.norm2.weight"), f(p, "l.norm2.bias"));
                assertClose(out, expected);
            }
        }
    }

    @Test
    void sasRecEncoderHasTheReferenceParameterLayoutAndTorchInitialisation() {
        try (NDManager root = NDManager.newBaseManager(); ParameterSet p = new ParameterSet(root, true)) {
            new SasRecEncoder(p, 40, 32, 4, 2, 128, 0.1f, 50, new TorchInit(7));
            // item_map 1312 + pos 1600 + emb_norm 64 + 2 × (in_proj 3168 + out_proj 1056 + linear1 4224 + linear2 4128 + norms 128)
            assertThat(p.count()).isEqualTo(28_384L);
            assertThat(p.get("transformer.layers.1.self_attn.in_proj_weight").getShape()).isEqualTo(new Shape(96, 32));
            float bound = (float) (1 / Math.sqrt(40));
            assertThat(p.get("item_map.weight").abs().max().getFloat()).isLessThanOrEqualTo(bound);
            assertThat(p.get("transformer.layers.0.self_attn.in_proj_bias").abs().sum().getFloat()).isZero();
            float xavier = (float) Math.sqrt(6.0 / (32 + 96));
            assertThat(p.get("transformer.layers.0.self_attn.in_proj_weight").abs().max().getFloat()).isLessThanOrEqualTo(xavier)
                    .isGreaterThan(xavier * 0.9f);
            NDArray pos = p.get("pos_emb.weight");
            assertThat((double) pos.mean().getFloat()).isCloseTo(0, within(0.1));
            assertThat((double) pos.sub(pos.mean()).square().mean().getFloat()).isCloseTo(1, within(0.1));
            assertThat(p.get("emb_norm.weight").toFloatArray()).containsOnly(1f);
        }
    }

    @Test
    void parametersRoundTripBitExactlyAndPolyakAverages() {
        try (NDManager root = NDManager.newBaseManager(); ParameterSet p = new ParameterSet(root, true)) {
            new Linear(p, "x", 3, 2, new TorchInit(1));
            ParameterSet target = p.copy(root);
            byte[] saved = p.encode();
            float[] w = p.get("x.weight").toFloatArray();
            p.get("x.weight").set(new float[] {1, 1, 1, 1, 1, 1});
            float[] before = target.get("x.weight").toFloatArray();
            target.polyakFrom(p, 0.25f);
            float[] after = target.get("x.weight").toFloatArray();
            for (int i = 0; i < 6; i++) {
                assertThat(after[i]).isCloseTo(0.25f * 1 + 0.75f * before[i], within(1e-6f));
            }
            p.decode(saved, "test");
            assertThat(p.get("x.weight").toFloatArray()).containsExactly(w);
            assertThat(target.get("x.weight").hasGradient()).isFalse();
        }
    }

    @Test
    void dropoutZeroesAFractionPAndScalesTheRestByOneOverOneMinusP() {
        float rate = 0.3f;
        int n = 200_000;
        try (NDManager root = NDManager.newBaseManager()) {
            NDArray x = root.create(randomInput(n, 3), new Shape(4, n / 4));
            float[] in = x.toFloatArray();
            float[] out = Dropout.apply(x, rate, true).toFloatArray();
            int dropped = 0;
            for (int i = 0; i < n; i++) {
                if (out[i] == 0f) {
                    dropped++;
                } else {
                    assertThat(out[i]).as("kept value %d", i).isEqualTo(in[i] * (float) (1.0 / (1.0 - rate)));
                }
            }
            double sd = Math.sqrt(rate * (1 - rate) / n);
            assertThat((double) dropped / n).isCloseTo(rate, within(5 * sd));
            assertThat(Dropout.apply(x, rate, false)).isSameAs(x);
        }
    }

    @Test
    void dropoutMasksFollowTheEngineSeed() {
        ai.djl.engine.Engine engine = ai.djl.engine.Engine.getEngine("PyTorch");
        try (NDManager root = NDManager.newBaseManager()) {
            NDArray x = root.ones(new Shape(3, 1001));
            engine.setRandomSeed(3);
            float[] a = Dropout.apply(x, 0.5f, true).toFloatArray();
            float[] b = Dropout.apply(x, 0.5f, true).toFloatArray();
            engine.setRandomSeed(3);
            float[] again = Dropout.apply(x, 0.5f, true).toFloatArray();
            assertThat(again).containsExactly(a);
            assertThat(b).isNotEqualTo(a);
            assertThat(a).containsOnly(0f, 2f);
        }
    }

    @Test
    void encoderStateIsTheLastPositionOfTheSequenceWithAndWithoutDropout() {
        int n = 3;
        int t = 6;
        int itemDim = 5;
        try (NDManager root = NDManager.newBaseManager(); ParameterSet p = new ParameterSet(root, true)) {
            SasRecEncoder encoder = new SasRecEncoder(p, itemDim, 8, 2, 2, 16, 0.1f, t, new TorchInit(4));
            try (NDManager step = root.newSubManager()) {
                NDArray x = step.create(randomInput(n * t * itemDim, 5), new Shape(n, t, itemDim));
                float[] state = encoder.state(x, false).toFloatArray();
                float[] last = encoder.sequence(x, false).get(":, -1, :").toFloatArray();
                assertThat(state).hasSize(n * 8);
                for (int i = 0; i < state.length; i++) {
                    assertThat((double) state[i]).as("value %d", i).isCloseTo(last[i], within(1e-5));
                }
                // with dropout: the state (masks drawn for the last position of the last layer only) has the
                // distribution of the full sequence's last position; compare the means over many draws of each
                int draws = 300;
                double[][] sum = new double[2][state.length];
                double[][] square = new double[2][state.length];
                for (int d = 0; d < draws; d++) {
                    float[] s = encoder.state(x, true).toFloatArray();
                    float[] q = encoder.sequence(x, true).get(":, -1, :").toFloatArray();
                    assertThat(s).isNotEqualTo(state);
                    for (int i = 0; i < s.length; i++) {
                        sum[0][i] += s[i];
                        square[0][i] += s[i] * s[i];
                        sum[1][i] += q[i];
                        square[1][i] += q[i] * q[i];
                    }
                }
                for (int i = 0; i < state.length; i++) {
                    double[] mean = {sum[0][i] / draws, sum[1][i] / draws};
                    double var = (square[0][i] / draws - mean[0] * mean[0] + square[1][i] / draws - mean[1] * mean[1]) / draws;
                    assertThat(Math.abs(mean[0] - mean[1])).as("value %d", i).isLessThan(5 * Math.sqrt(var) + 1e-6);
                }
            }
        }
    }

    private static float[] f(ParameterSet p, String name) {
        return p.get(name).toFloatArray();
    }
}
