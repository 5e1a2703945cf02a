package io.hsrl.core.agent;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.hsrl.contracts.PolicyMode;
import io.hsrl.core.data.ItemFeatures;
import io.hsrl.core.testing.ToySimulator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * On a machine with a GPU visible to libtorch (skipped elsewhere): one gradient step on CUDA gives the parameters,
 * targets and Adam moments one step on the CPU gives, from the same initial weights and the same replayed minibatch,
 * within float32 rounding (GPU kernels sum in another order). Dropout is off: the two devices draw from different
 * random generators. {@code -Dhsrl.parity.device=cpu} runs the comparison CPU against CPU (a check of the harness
 * on a machine without a GPU).
 */
class GpuParityTest {
    static final double TOLERANCE = 1e-4;

    @ParameterizedTest
    @EnumSource(PolicyMode.class)
    void oneStepOnTheGpuMatchesTheCpu(PolicyMode mode) throws Exception {
        Device other = Device.fromName(System.getProperty("hsrl.parity.device", "gpu"));
        assumeTrue(!other.isGpu() || Engine.getEngine("PyTorch").getGpuCount() > 0, "no GPU visible to libtorch");
        Map<String, byte[]> cpu = step(mode, Device.cpu());
        Map<String, byte[]> gpu = step(mode, other);
        assertThat(gpu.keySet()).isEqualTo(cpu.keySet());
        for (String file : cpu.keySet()) {
            List<Float> a = SameSeedRegressionTest.floats(cpu.get(file));
            List<Float> b = SameSeedRegressionTest.floats(gpu.get(file));
            assertThat(b).as(file).hasSameSizeAs(a);
            for (int i = 0; i < a.size(); i++) {
                double scale = Math.max(1, Math.abs(a.get(i)));
                assertThat(Math.abs(a.get(i) - b.get(i)) / scale).as("%s %s value %d: cpu %s gpu %s", mode, file, i, a.get(i),
                        b.get(i)).isLessThan(TOLERANCE);
            }
        }
    }

    private static Map<String, byte[]> step(PolicyMode mode, Device device) {
        ToySimulator env = new ToySimulator(4, 12, 8, 10, 20, 16);
        AgentConfig config = AgentConfig.defaults(mode)
                .withSizes(8, 16, 500, 32, 4, 10, 16, 2, 2, 32, new int[] {32, 16})
                .withLearning(1e-3, 1e-3, 0.01, 0.9)
                .withDropout(0, 0)
                .withQuirks(ReferenceQuirks.none());
        try (NDManager root = NDManager.newBaseManager(device);
             HsrlAgent agent = new HsrlAgent(root, config, env.sidSpace(), ItemFeatures.of(SameSeedRegressionTest.ITEMS), 5)) {
            TrainingLoop loop = new TrainingLoop(agent, env, 5);
            loop.warmUp();
            UpdateReport r = agent.update(loop.buffer().sample(config.batchSize(), new Random(3)));
            assertThat(r.finite()).isTrue();
            return agent.state();
        }
    }
}
