package io.hsrl.core.simulator;

import io.hsrl.core.catalog.NpyArray;

import java.io.IOException;

/** A NumPy {@code .npy} tensor (little-endian float32 or float64, C order, any rank), read as float32. */
record NpyTensor(long[] shape, float[] values) {

    static NpyTensor parse(byte[] all, String source) throws IOException {
        NpyArray npy = NpyArray.parse(all, source);
        float[] v = npy.floats();
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                throw new IOException(source + ": value " + i + " is " + v[i]);
            }
        }
        return new NpyTensor(npy.shape(), v);
    }
}
