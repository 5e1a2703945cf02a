package io.hsrl.core.sid;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The residual codebooks: {@code levels} tables of {@code size} centroids of {@code dimension} floats. A vector's
 * reconstruction is the sum of one centroid per level (hsrl-reference.md §4).
 *
 * <p>File {@code codebook.bin}: magic {@code HSRLCBK1}, version, levels, size, dimension, then the centroids
 * (level-major, float32 little-endian), then a CRC32.
 */
public final class Codebook {
    static final String MAGIC = "HSRLCBK1";
    static final int VERSION = 1;

    private final int levels;
    private final int size;
    private final int dimension;
    private final float[][] centroids;

    /** @param centroids one {@code size × dimension} row-major array per level (not copied) */
    public Codebook(int size, int dimension, float[][] centroids) {
        if (size <= 0 || dimension <= 0 || centroids.length == 0) {
            throw new IllegalArgumentException("codebook needs levels, size and dimension > 0");
        }
        for (float[] c : centroids) {
            if (c.length != size * dimension) {
                throw new IllegalArgumentException("codebook level has " + c.length + " values, expected " + size * dimension);
            }
        }
        this.levels = centroids.length;
        this.size = size;
        this.dimension = dimension;
        this.centroids = centroids;
    }

    public int levels() {
        return levels;
    }

    public int size() {
        return size;
    }

    public int dimension() {
        return dimension;
    }

    /** A copy of one centroid. */
    public float[] centroid(int level, int code) {
        return Arrays.copyOfRange(centroids[level], code * dimension, (code + 1) * dimension);
    }

    /** The backing array of one level (not copied: do not modify). */
    float[] level(int level) {
        return centroids[level];
    }

    /** Greedy residual quantisation: at each level the nearest centroid to what is left (lowest code on ties). */
    public SidEncoding encode(float[] vector) {
        if (vector.length != dimension) {
            throw new IllegalArgumentException("vector has dimension " + vector.length + ", the codebook " + dimension);
        }
        float[] r = vector.clone();
        int[] codes = new int[levels];
        for (int l = 0; l < levels; l++) {
            float[] c = centroids[l];
            int best = 0;
            double bd = Double.POSITIVE_INFINITY;
            for (int j = 0; j < size; j++) {
                double dist = Distances.squared(r, 0, c, j, dimension);
                if (dist < bd) {
                    bd = dist;
                    best = j;
                }
            }
            codes[l] = best;
            for (int t = 0; t < dimension; t++) {
                r[t] -= c[best * dimension + t];
            }
        }
        double err = 0;
        for (float v : r) {
            err += (double) v * v;
        }
        return new SidEncoding(codes, err);
    }

    /** {@code ||x_row − Σ_l C_l[codes[l]]||²} for row {@code row} of {@code x}, the codes at {@code codes[offset..]}. */
    public double squaredError(float[] x, int row, int[] codes, int offset) {
        double err = 0;
        int xo = row * dimension;
        for (int t = 0; t < dimension; t++) {
            double v = x[xo + t];
            for (int l = 0; l < levels; l++) {
                v -= centroids[l][codes[offset + l] * dimension + t];
            }
            err += v * v;
        }
        return err;
    }

    public byte[] toBytes() {
        ByteBuffer b = BinaryFile.create(MAGIC, VERSION, 12L + 4L * levels * size * dimension);
        b.putInt(levels).putInt(size).putInt(dimension);
        for (float[] c : centroids) {
            b.asFloatBuffer().put(c);
            b.position(b.position() + 4 * c.length);
        }
        return BinaryFile.finish(b);
    }

    /** Reads {@code codebook.bin}; {@code name} (file or URI) is named in every error. */
    public static Codebook fromBytes(byte[] data, String name) throws IOException {
        ByteBuffer b = BinaryFile.open(data, name, MAGIC, VERSION, "codebook");
        int levels = BinaryFile.positive(b, "levels", 64, name);
        int size = BinaryFile.positive(b, "codebook size", 1 << 20, name);
        int dimension = BinaryFile.positive(b, "dimension", 1 << 20, name);
        BinaryFile.expectRemaining(b, 4L * levels * size * dimension, name, "codebook");
        float[][] c = new float[levels][size * dimension];
        for (int l = 0; l < levels; l++) {
            b.asFloatBuffer().get(c[l]);
            b.position(b.position() + 4 * c[l].length);
            for (float v : c[l]) {
                if (!Float.isFinite(v)) {
                    throw new IOException(name + ": codebook level " + l + " holds a non-finite value");
                }
            }
        }
        return new Codebook(size, dimension, c);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Codebook other && other.size == size && other.dimension == dimension
                && Arrays.deepEquals(other.centroids, centroids);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(centroids);
    }
}
