package io.hsrl.core.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;

import java.util.Locale;

/**
 * Chooses where tensors live: {@code auto} takes a GPU when the loaded libtorch has CUDA and one is visible, else the
 * CPU; {@code cpu} and {@code gpu} force one ({@code gpu} without a visible GPU is an error, not a silent CPU run).
 */
public final class ComputeDevice {
    private ComputeDevice() {
    }

    /** The PyTorch engine; fails with a clear message when the native library cannot load. */
    public static Engine engine() {
        try {
            return Engine.getEngine("PyTorch");
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            throw new IllegalStateException("the DJL PyTorch engine could not start (is pytorch-native-cpu on the "
                    + "classpath and DJL_CACHE_DIR writable?): " + e.getMessage(), e);
        }
    }

    /** Resolves a device request ({@code auto}, {@code cpu}, {@code gpu} or {@code gpu:N}) for {@code gpuCount} visible GPUs. */
    public static Device resolve(String request, int gpuCount) {
        String r = request == null ? "auto" : request.trim().toLowerCase(Locale.ROOT);
        switch (r) {
            case "auto":
                return gpuCount > 0 ? Device.gpu(0) : Device.cpu();
            case "cpu":
                return Device.cpu();
            default:
                if (r.equals("gpu") || r.matches("gpu:\\d+")) {
                    int id = r.equals("gpu") ? 0 : Integer.parseInt(r.substring(4));
                    if (id >= gpuCount) {
                        throw new IllegalArgumentException("device '" + request + "' requested but " + gpuCount
                                + " GPU(s) are visible to the PyTorch engine");
                    }
                    return Device.gpu(id);
                }
                throw new IllegalArgumentException("device must be auto, cpu, gpu or gpu:N, was '" + request + "'");
        }
    }

    /** Resolves against the GPUs the engine really sees. */
    public static Device resolve(String request) {
        return resolve(request, engine().getGpuCount());
    }
}
