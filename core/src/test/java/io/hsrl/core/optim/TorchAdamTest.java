package io.hsrl.core.optim;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.hsrl.core.nn.ParameterSet;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TorchAdamTest {
    /**
     * θ = (1, −2), loss = 0.5·θ₀ (gradient (0.5, 0)), lr 0.1, weight decay 0.01 (coupled: g ← g + 0.01·θ).
     * Step 1: g = (0.51, −0.02), m = 0.1g, v = 0.001g², m̂ = g, √v̂ = |g| → θ = θ − 0.1·g/(|g| + 1e−8)
     * = (0.9000000019607842, −1.900000049999975).
     * Step 2: g = (0.509, −0.0190000005), m = (0.0968, −0.0037), v = (0.0005189209, 7.606e−7), bc1 = 0.19,
     * bc2 = 0.001999 → θ = (0.8000051680063566, −1.800166586688599).
     */
    @Test
    void matchesTorchAdamOnAHandComputedCase() {
        try (NDManager root = NDManager.newBaseManager(); ParameterSet p = new ParameterSet(root, true)) {
            NDArray theta = p.add("theta", new float[] {1f, -2f}, new Shape(2));
            try (TorchAdam adam = new TorchAdam(p, 0.1, 0.01)) {
                double[][] expected = {{0.9000000019607842, -1.900000049999975}, {0.8000051680063566, -1.800166586688599}};
                for (double[] e : expected) {
                    try (NDManager step = root.newSubManager();
                         GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray loss = step.create(new float[] {0.5f, 0f}).mul(theta).sum();
                        gc.backward(loss);
                    }
                    adam.step();
                    p.zeroGradients();
                    float[] t = theta.toFloatArray();
                    assertThat((double) t[0]).isCloseTo(e[0], within(2e-7));
                    assertThat((double) t[1]).isCloseTo(e[1], within(2e-7));
                }
                assertThat(adam.steps()).isEqualTo(2);
                assertThat(theta.getGradient().toFloatArray()).containsOnly(0f);
            }
        }
    }

    @Test
    void stateRoundTripsAndTwoOptimisersKeepSeparateState() {
        try (NDManager root = NDManager.newBaseManager(); ParameterSet p = new ParameterSet(root, true)) {
            NDArray theta = p.add("theta", new float[] {1f}, new Shape(1));
            try (TorchAdam a = new TorchAdam(p, 0.1, 0); TorchAdam b = new TorchAdam(p, 0.1, 0)) {
                try (NDManager step = root.newSubManager();
                     GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(theta.mul(step.create(3f)).sum());
                }
                a.step();
                assertThat(b.steps()).isZero();
                byte[] saved = a.encode();
                try (TorchAdam c = new TorchAdam(p, 0.1, 0)) {
                    c.decode(saved, "state");
                    assertThat(c.steps()).isEqualTo(1);
                    assertThat(c.encode()).isEqualTo(saved);
                }
            }
        }
    }
}
