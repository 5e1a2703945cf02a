package io.hsrl.trainer;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import io.hsrl.core.engine.ComputeDevice;
import picocli.CommandLine.Option;

import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Where and on how many threads libtorch computes: {@code --device} and {@code --threads}, shared by every command
 * that runs the engine. One intra-op and one inter-op thread unless asked: libtorch's default (a thread per core)
 * is many times slower for these small networks on a machine shared with other work.
 */
public class ComputeOptions {
    static final String THREADS_PROPERTY = "ai.djl.pytorch.num_threads";
    static final String INTEROP_PROPERTY = "ai.djl.pytorch.num_interop_threads";
    /** Held so that its level outlives garbage collection. */
    private static final Logger CUDA_PROBE = Logger.getLogger("ai.djl.util.cuda.CudaUtils");

    @Option(names = "--device", defaultValue = "auto",
            description = "auto (a GPU when the engine sees one, else the CPU), cpu, gpu or gpu:N.")
    String device;

    @Option(names = "--threads", defaultValue = "1",
            description = "libtorch intra-op and inter-op threads; raise it on a machine of your own.")
    int threads;

    /** Starts the engine with the thread counts and resolves the device; {@code cpu} never probes for CUDA. */
    Device resolve() {
        Engine engine = start();
        return cpu() ? Device.cpu() : ComputeDevice.resolve(device, engine.getGpuCount());
    }

    /** Starts the engine (if it is not yet) with {@code --threads}, and applies it to a running one. */
    Engine start() {
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, was " + threads);
        }
        if (cpu()) {
            // the CPU was asked for: the engine's probe for a CUDA driver is noise, not a warning for the user
            CUDA_PROBE.setLevel(Level.SEVERE);
        }
        System.setProperty(THREADS_PROPERTY, Integer.toString(threads));
        System.setProperty(INTEROP_PROPERTY, Integer.toString(threads));
        Engine engine = ComputeDevice.engine();
        if (JniUtils.getNumThreads() != threads) {
            JniUtils.setNumThreads(threads);
        }
        if (JniUtils.getNumInteropThreads() != threads) {
            try {
                JniUtils.setNumInteropThreads(threads);
            } catch (RuntimeException e) {
                // libtorch fixes the inter-op pool at its first parallel work; only a second command in one process meets this
                System.err.printf(Locale.ROOT, "inter-op threads stay at %d (the engine already started)%n",
                        JniUtils.getNumInteropThreads());
            }
        }
        return engine;
    }

    private boolean cpu() {
        return device != null && device.trim().equalsIgnoreCase("cpu");
    }

    /** What the engine runs with now: intra-op and inter-op threads. */
    static int[] threadCounts() {
        return new int[] {JniUtils.getNumThreads(), JniUtils.getNumInteropThreads()};
    }
}
