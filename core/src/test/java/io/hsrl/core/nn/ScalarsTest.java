package io.hsrl.core.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.hsrl.core.testing.JavaHeapChurn;
import org.junit.jupiter.api.Test;

import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** The gradients of multiplications and divisions by numbers stay right when the collector runs before backward. */
class ScalarsTest {
    @Test
    void gradientsThroughNumbersSurviveTheCollector() throws Exception {
        try (JavaHeapChurn churn = JavaHeapChurn.start()) {
            for (int trial = 0; trial < 10; trial++) {
                assertThat(gradient(x -> Scalars.mul(x, 3))).containsExactly(3f, 3f, 3f, 3f);
                assertThat(gradient(x -> Scalars.div(x, 4))).containsExactly(0.25f, 0.25f, 0.25f, 0.25f);
                assertThat(gradient(x -> Scalars.maximum(x, 2.5))).containsExactly(0f, 0f, 1f, 1f);
            }
        }
    }

    private static float[] gradient(Function<NDArray, NDArray> f) throws InterruptedException {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {1, 2, 3, 4});
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = f.apply(x);
                Thread.sleep(15); // the churn thread collects and overwrites freed direct memory meanwhile
                gc.backward(y.sum());
            }
            return x.getGradient().toFloatArray();
        }
    }
}
