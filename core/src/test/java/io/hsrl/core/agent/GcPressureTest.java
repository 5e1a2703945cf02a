package io.hsrl.core.agent;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.hsrl.core.catalog.ItemTable;
import io.hsrl.core.data.ItemFeatures;
import io.hsrl.contracts.PolicyMode;
import io.hsrl.core.testing.JavaHeapChurn;
import io.hsrl.core.testing.ToySimulator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Training stays finite while the garbage collector runs all the time. Every tensor that autograd keeps for the
 * backward pass must be owned by libtorch: DJL backs tensors made from Java values (including the scalar of
 * {@code x.mul(2f)}) by a direct buffer that the GC frees once DJL has closed the wrapper, and a backward pass that
 * reads such a buffer gives garbage gradients (NaN or ±3e38) at an iteration that depends on when the GC ran.
 */
class GcPressureTest {
    @ParameterizedTest
    @EnumSource(PolicyMode.class)
    void updatesStayFiniteWhileTheCollectorRuns(PolicyMode mode) throws Exception {
        ItemTable items = ToySimulator.itemTable(4, 12, 4, 1);
        ToySimulator env = new ToySimulator(4, 12, 16, 10, 20, 16);
        AgentConfig config = AgentConfig.defaults(mode)
                .withSizes(16, 32, 5000, 40, 4, 10, 16, 2, 1, 32, new int[] {32, 16})
                .withLearning(1e-3, 1e-3, 0.01, 0.9)
                .withDropout(0.1, 0.1); // the dropout scale and the attention scale are scalar multiplications
        try (NDManager root = NDManager.newBaseManager();
             HsrlAgent agent = new HsrlAgent(root, config, env.sidSpace(), ItemFeatures.of(items), 5);
             JavaHeapChurn churn = JavaHeapChurn.start()) {
            TrainingLoop loop = new TrainingLoop(agent, env, 5);
            loop.warmUp();
            for (int i = 0; i < 60; i++) {
                UpdateReport r = loop.iterate();
                assertThat(r.finite()).as("update %d: %s", i, r).isTrue();
                for (var e : agent.actor().parameters().arrays().entrySet()) {
                    assertThat(allFinite(e.getValue())).as("update %d: %s", i, e.getKey()).isTrue();
                }
            }
            assertThat(churn.collections()).as("the collector ran during the test").isPositive();
        }
    }

    private static boolean allFinite(NDArray a) {
        for (float f : a.toFloatArray()) {
            if (!Float.isFinite(f)) {
                return false;
            }
        }
        return true;
    }
}
