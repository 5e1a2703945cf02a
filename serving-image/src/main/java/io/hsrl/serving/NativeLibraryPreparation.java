package io.hsrl.serving;

import io.hsrl.core.engine.ComputeDevice;

/**
 * Starts the PyTorch engine once and exits: run at image build, it extracts libtorch and the DJL JNI library into
 * {@code DJL_CACHE_DIR}, so that the server needs no writable cache (read-only root filesystem) and no network.
 */
public final class NativeLibraryPreparation {
    private NativeLibraryPreparation() {
    }

    public static void main(String[] args) {
        var engine = ComputeDevice.engine();
        System.out.println("PyTorch " + engine.getVersion() + " ready in DJL_CACHE_DIR=" + System.getenv("DJL_CACHE_DIR"));
    }
}
