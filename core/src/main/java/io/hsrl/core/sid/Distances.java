package io.hsrl.core.sid;

import java.util.stream.IntStream;

/**
 * Batched squared Euclidean distances {@code ||x||² − 2 x·c + ||c||²} from data rows to a set of centroids.
 *
 * <p>The centroids are kept transposed ({@code d × k}), so the inner loop is an axpy over the centroids, which the JIT
 * vectorises (a dot-product reduction over floats it does not), and four rows share each centroid load. Work is split
 * into blocks of a fixed number of rows, never by thread count, so every result is identical however many cores run.
 */
final class Distances {
    /** Rows per parallel block; fixed, so that block-ordered reductions are deterministic. */
    static final int BLOCK = 256;

    private final float[] centroids;
    private final float[] transposed;
    private final float[] norms;
    private final int k;
    private final int d;

    Distances(float[] centroids, int k, int d) {
        this.k = k;
        this.d = d;
        this.centroids = centroids;
        this.transposed = new float[d * k];
        this.norms = new float[k];
        for (int j = 0; j < k; j++) {
            double s = 0;
            for (int t = 0; t < d; t++) {
                float c = centroids[j * d + t];
                transposed[t * k + j] = c;
                s += (double) c * c;
            }
            norms[j] = (float) s;
        }
    }

    int k() {
        return k;
    }

    /** The centroids, row-major {@code k × d} (not copied). */
    float[] centroids() {
        return centroids;
    }

    /**
     * Distances of rows {@code [from, to)} of {@code x} (row-major, {@code d} wide) to every centroid, written to
     * {@code out} starting at {@code outOffset}, {@code k} per row.
     */
    void rows(float[] x, int from, int to, float[] out, int outOffset) {
        int i = from;
        int o = outOffset;
        for (; i + 4 <= to; i += 4, o += 4 * k) {
            four(x, i, out, o);
        }
        for (; i < to; i++, o += k) {
            one(x, i, out, o);
        }
    }

    private void one(float[] x, int row, float[] out, int o) {
        java.util.Arrays.fill(out, o, o + k, 0f);
        float xn = 0;
        int xo = row * d;
        for (int t = 0; t < d; t++) {
            float v = x[xo + t];
            xn += v * v;
            int b = t * k;
            for (int j = 0; j < k; j++) {
                out[o + j] += v * transposed[b + j];
            }
        }
        finish(out, o, xn);
    }

    private void four(float[] x, int row, float[] out, int o) {
        int o0 = o;
        int o1 = o + k;
        int o2 = o + 2 * k;
        int o3 = o + 3 * k;
        java.util.Arrays.fill(out, o0, o0 + 4 * k, 0f);
        float n0 = 0;
        float n1 = 0;
        float n2 = 0;
        float n3 = 0;
        int x0 = row * d;
        int x1 = x0 + d;
        int x2 = x1 + d;
        int x3 = x2 + d;
        for (int t = 0; t < d; t++) {
            float v0 = x[x0 + t];
            float v1 = x[x1 + t];
            float v2 = x[x2 + t];
            float v3 = x[x3 + t];
            n0 += v0 * v0;
            n1 += v1 * v1;
            n2 += v2 * v2;
            n3 += v3 * v3;
            int b = t * k;
            for (int j = 0; j < k; j++) {
                float c = transposed[b + j];
                out[o0 + j] += v0 * c;
                out[o1 + j] += v1 * c;
                out[o2 + j] += v2 * c;
                out[o3 + j] += v3 * c;
            }
        }
        finish(out, o0, n0);
        finish(out, o1, n1);
        finish(out, o2, n2);
        finish(out, o3, n3);
    }

    private void finish(float[] out, int o, float xn) {
        for (int j = 0; j < k; j++) {
            float dd = xn - 2f * out[o + j] + norms[j];
            out[o + j] = dd < 0f ? 0f : dd;
        }
    }

    /** The full {@code n × k} distance matrix, computed in parallel over blocks. */
    float[] matrix(float[] x, int n) {
        float[] out = new float[n * k];
        IntStream.range(0, blocks(n)).parallel().forEach(b -> {
            int from = b * BLOCK;
            int to = Math.min(n, from + BLOCK);
            rows(x, from, to, out, from * k);
        });
        return out;
    }

    static int blocks(int n) {
        return (n + BLOCK - 1) / BLOCK;
    }

    /** Squared distance between row {@code i} of {@code x} and row {@code j} of {@code c}, in double. */
    static double squared(float[] x, int i, float[] c, int j, int d) {
        int xo = i * d;
        int co = j * d;
        double s0 = 0;
        double s1 = 0;
        int t = 0;
        for (; t + 2 <= d; t += 2) {
            double a = x[xo + t] - c[co + t];
            double b = x[xo + t + 1] - c[co + t + 1];
            s0 += a * a;
            s1 += b * b;
        }
        if (t < d) {
            double a = x[xo + t] - c[co + t];
            s0 += a * a;
        }
        return s0 + s1;
    }
}
