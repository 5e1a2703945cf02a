package io.hsrl.core.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ParameterSetTest {
    /** loss = Σ c·a + Σ d·b² over two tensors; b is unused in the first pass (its gradient appears later). */
    private static void backward(NDManager root, NDArray a, NDArray b, boolean useB) {
        try (NDManager step = root.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray loss = a.mul(step.create(new float[] {1f, 2f, 3f}, new Shape(3))).sum();
            if (useB) {
                loss = loss.add(b.square().mul(0.5f).sum());
            }
            gc.backward(loss);
        }
    }

    @Test
    void flatValuesAndGradientsFollowTheTensorsAcrossPasses() {
        try (NDManager root = NDManager.newBaseManager(); ParameterSet p = new ParameterSet(root, true)) {
            NDArray a = p.add("a", new float[] {1f, -1f, 2f}, new Shape(3));
            NDArray b = p.add("b", new float[] {4f, 5f}, new Shape(1, 2));
            backward(root, a, b, false);
            assertThat(p.flatViewsAreLive()).as("one shared buffer on the CPU").isTrue();
            assertThat(p.gradients().toFloatArray()).containsExactly(1f, 2f, 3f, 0f, 0f);
            p.zeroGradients();
            backward(root, a, b, true);
            backward(root, a, b, true); // accumulates, as torch does
            assertThat(p.gradients().toFloatArray()).containsExactly(2f, 4f, 6f, 8f, 10f);
            assertThat(b.getGradient().toFloatArray()).containsExactly(8f, 10f);
            // gradient clipping to norm 1 scales every tensor's gradient
            double norm = p.clipGradientNorm(1.0);
            assertThat(norm).isCloseTo(Math.sqrt(4 + 16 + 36 + 64 + 100), within(1e-4));
            assertThat(a.getGradient().toFloatArray()[0]).isCloseTo((float) (2 / norm), within(1e-5f));
            p.zeroGradients();
            assertThat(a.getGradient().toFloatArray()).containsOnly(0f);
            // an in-place op on the flat values changes the tensors
            NDArray flat = p.values();
            flat.muli(2f);
            p.commitValues(flat);
            assertThat(a.toFloatArray()).containsExactly(2f, -2f, 4f);
            assertThat(b.toFloatArray()).containsExactly(8f, 10f);
            // Polyak into a copy; decode keeps the layout live
            ParameterSet target = p.copy(root);
            target.polyakFrom(p, 0.5f);
            assertThat(target.get("a").toFloatArray()).containsExactly(2f, -2f, 4f);
            byte[] saved = p.encode();
            p.values().muli(0f);
            p.decode(saved, "saved");
            assertThat(p.values().toFloatArray()).containsExactly(2f, -2f, 4f, 8f, 10f);
            assertThat(p.valuesFinite()).isTrue();
            assertThat(p.firstNonFinite(false)).isEmpty();
            p.values().muli(Float.NaN);
            assertThat(p.valuesFinite()).isFalse();
            assertThat(p.firstNonFinite(false)).hasValue("a[0] = NaN");
        }
    }
}
