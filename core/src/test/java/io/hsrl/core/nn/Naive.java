package io.hsrl.core.nn;

/** Plain-Java PyTorch formulas on row-major float arrays, for checking the blocks by hand computation. */
public final class Naive {
    private Naive() {
    }

    /** y (n×out) = x (n×in) · Wᵀ + b. */
    public static double[] linear(double[] x, int n, int in, float[] w, float[] b, int out) {
        double[] y = new double[n * out];
        for (int r = 0; r < n; r++) {
            for (int o = 0; o < out; o++) {
                double s = b[o];
                for (int i = 0; i < in; i++) {
                    s += x[r * in + i] * w[o * in + i];
                }
                y[r * out + o] = s;
            }
        }
        return y;
    }

    public static double[] layerNorm(double[] x, int n, int d, float[] g, float[] b) {
        double[] y = new double[n * d];
        for (int r = 0; r < n; r++) {
            double mean = 0;
            for (int i = 0; i < d; i++) {
                mean += x[r * d + i];
            }
            mean /= d;
            double var = 0;
            for (int i = 0; i < d; i++) {
                var += (x[r * d + i] - mean) * (x[r * d + i] - mean);
            }
            var /= d; // biased, as torch
            for (int i = 0; i < d; i++) {
                y[r * d + i] = (x[r * d + i] - mean) / Math.sqrt(var + 1e-5) * g[i] + b[i];
            }
        }
        return y;
    }

    /** Self-attention of one sequence x (t×e), h heads, causal or not, with the packed projection. */
    public static double[] attention(double[] x, int t, int e, int h, float[] inW, float[] inB, float[] outW, float[] outB,
                              boolean causal) {
        double[] qkv = linear(x, t, e, inW, inB, 3 * e);
        int hd = e / h;
        double[] concat = new double[t * e];
        for (int head = 0; head < h; head++) {
            for (int i = 0; i < t; i++) {
                double[] s = new double[t];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < t; j++) {
                    if (causal && j > i) {
                        s[j] = Double.NEGATIVE_INFINITY;
                        continue;
                    }
                    double dot = 0;
                    for (int c = 0; c < hd; c++) {
                        dot += qkv[i * 3 * e + head * hd + c] * qkv[j * 3 * e + e + head * hd + c];
                    }
                    s[j] = dot / Math.sqrt(hd);
                    max = Math.max(max, s[j]);
                }
                double z = 0;
                for (int j = 0; j < t; j++) {
                    s[j] = Math.exp(s[j] - max);
                    z += s[j];
                }
                for (int c = 0; c < hd; c++) {
                    double o = 0;
                    for (int j = 0; j < t; j++) {
                        o += s[j] / z * qkv[j * 3 * e + 2 * e + head * hd + c];
                    }
                    concat[i * e + head * hd + c] = o;
                }
            }
        }
        return linear(concat, t, e, outW, outB, e);
    }

    public static double[] add(double[] a, double[] b) {
        double[] y = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            y[i] = a[i] + b[i];
        }
        return y;
    }

    public static double[] relu(double[] a) {
        double[] y = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            y[i] = Math.max(0, a[i]);
        }
        return y;
    }

    public static double[] toDouble(float[] a) {
        double[] y = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            y[i] = a[i];
        }
        return y;
    }
}
