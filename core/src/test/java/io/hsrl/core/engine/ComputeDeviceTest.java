package io.hsrl.core.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ComputeDeviceTest {
    @Test
    void autoPrefersAGpuWhenOneIsVisible() {
        assertThat(ComputeDevice.resolve("auto", 2)).isEqualTo(Device.gpu(0));
        assertThat(ComputeDevice.resolve("auto", 0)).isEqualTo(Device.cpu());
        assertThat(ComputeDevice.resolve("gpu:1", 2)).isEqualTo(Device.gpu(1));
        assertThat(ComputeDevice.resolve(" CPU ", 2)).isEqualTo(Device.cpu());
    }

    @Test
    void aGpuRequestWithoutGpuIsAnError() {
        assertThatThrownBy(() -> ComputeDevice.resolve("gpu", 0)).hasMessageContaining("0 GPU");
        assertThatThrownBy(() -> ComputeDevice.resolve("tpu", 0)).hasMessageContaining("tpu");
    }

    @Test
    void theRealEngineComputesOnTheResolvedDevice() {
        Device device = ComputeDevice.resolve("auto");
        try (NDManager m = NDManager.newBaseManager(device, "PyTorch")) {
            NDArray a = m.create(new float[]{1, 2, 3, 4}, new ai.djl.ndarray.types.Shape(2, 2));
            NDArray p = a.matMul(a.transpose());
            assertThat(p.toFloatArray()).containsExactly(5f, 11f, 11f, 25f);
            assertThat(p.getDevice()).isEqualTo(device);
        }
    }
}
