package io.hsrl.core.agent;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.hsrl.core.nn.Scalars;

import java.util.List;

/**
 * The loss terms of one gradient step (hsrl-reference.md §7.4), as pure functions of logits, tokens, values and
 * targets so that each can be checked by hand.
 */
public final class A2cLosses {
    /** The reference's ε inside the logarithms. */
    public static final float LOG_EPS = 1e-12f;
    /** Additive mask for tokens outside the trie: finite, so that 0 · log 0 never makes a NaN. */
    public static final float MASKED = -1e9f;

    private A2cLosses() {
    }

    /** {@code Q = r + γ·m·V′} with m = 1 − done (fixed) or m = done (HEAD, §13.7). */
    public static float[] tdTarget(float[] reward, boolean[] done, float[] nextValue, double gamma, boolean invertedDoneMask) {
        float[] q = new float[reward.length];
        for (int b = 0; b < q.length; b++) {
            boolean bootstrap = invertedDoneMask == done[b];
            q[b] = (float) (reward[b] + (bootstrap ? gamma * nextValue[b] : 0.0));
        }
        return q;
    }

    /**
     * Reference actor loss: {@code mean_b(A_b · NLL_b) + β·Σ_l mean_b Σ_v q log(q + 1e−12)} with
     * {@code NLL_b = (1/K) Σ_k Σ_l −log(q_l[z_{b,k,l}] + 1e−12)}. {@code tokens[b][k][l]}; advantage (M).
     */
    public static Terms referenceActor(List<NDArray> logits, int[][][] tokens, NDArray advantage, double entropyCoef) {
        NDManager m = advantage.getManager();
        int batch = tokens.length;
        int slate = tokens[0].length;
        NDArray nll = null;
        NDArray negEntropy = null;
        double[] entropies = new double[logits.size()];
        for (int l = 0; l < logits.size(); l++) {
            NDArray q = logits.get(l).softmax(-1); // (M, V)
            int v = (int) q.getShape().get(1);
            float[] counts = new float[batch * v]; // how often each token is a slate item's token, per row
            for (int b = 0; b < batch; b++) {
                for (int k = 0; k < slate; k++) {
                    counts[b * v + tokens[b][k][l]] += 1f;
                }
            }
            NDArray logq = q.add(LOG_EPS).log();
            NDArray levelNll = Scalars.div(logq.mul(m.create(counts, new Shape(batch, v))).sum(new int[] {1}).neg(), slate);
            nll = nll == null ? levelNll : nll.add(levelNll);
            NDArray levelNegEntropy = q.mul(logq).sum(new int[] {1}).mean();
            entropies[l] = -levelNegEntropy.getFloat();
            negEntropy = negEntropy == null ? levelNegEntropy : negEntropy.add(levelNegEntropy);
        }
        NDArray loss = advantage.mul(nll).mean().add(Scalars.mul(negEntropy, entropyCoef));
        return new Terms(loss, entropies);
    }

    /**
     * hsrl actor loss: every row is one slate item's token path; {@code logits.get(l)} are the trie-masked level-l
     * logits of each row (rows, V_l), {@code advantage[r][l]} that token's own advantage.
     * {@code mean_rows Σ_l A_{r,l}·(−log p_l(z_{r,l})) + β·Σ_l mean_rows Σ_v q log(q + 1e−12)}.
     */
    public static Terms hsrlActor(List<NDArray> maskedLogits, int[][] tokens, float[][] advantage, double temperature,
                                  double entropyCoef) {
        double[] coefs = new double[maskedLogits.size()];
        java.util.Arrays.fill(coefs, entropyCoef);
        return hsrlActor(maskedLogits, tokens, advantage, temperature, coefs);
    }

    /** {@link #hsrlActor(List, int[][], float[][], double, double)} with one entropy coefficient per level. */
    public static Terms hsrlActor(List<NDArray> maskedLogits, int[][] tokens, float[][] advantage, double temperature,
                                  double[] entropyCoefs) {
        NDManager m = maskedLogits.get(0).getManager();
        int rows = tokens.length;
        NDArray weighted = null;
        NDArray negEntropy = null;
        double[] entropies = new double[maskedLogits.size()];
        boolean one = java.util.Arrays.stream(entropyCoefs).allMatch(c -> c == entropyCoefs[0]);
        for (int l = 0; l < maskedLogits.size(); l++) {
            NDArray z = Scalars.div(maskedLogits.get(l), temperature);
            int v = (int) z.getShape().get(1);
            float[] weights = new float[rows * v]; // A_{r,l} at the chosen token: Σ_v w·logp = A·log p(z)
            for (int r = 0; r < rows; r++) {
                weights[r * v + tokens[r][l]] = advantage[r][l];
            }
            NDArray logp = z.logSoftmax(-1);
            NDArray term = logp.mul(m.create(weights, new Shape(rows, v))).sum().neg();
            weighted = weighted == null ? term : weighted.add(term);
            NDArray q = z.softmax(-1);
            NDArray levelNegEntropy = q.mul(q.add(LOG_EPS).log()).sum(new int[] {1}).mean();
            entropies[l] = -levelNegEntropy.getFloat();
            NDArray levelTerm = one ? levelNegEntropy : Scalars.mul(levelNegEntropy, entropyCoefs[l]);
            negEntropy = negEntropy == null ? levelTerm : negEntropy.add(levelTerm);
        }
        NDArray loss = Scalars.div(weighted, rows).add(one ? Scalars.mul(negEntropy, entropyCoefs[0]) : negEntropy);
        return new Terms(loss, entropies);
    }

    /**
     * Per-level advantages of one token path (§15): {@code A_l = V_{l+1} − V_l} inside the step and
     * {@code A_L = Q − V_L} at the last level, each clipped to [−1, 1], plus the advantage bias. They sum (unclipped)
     * to Q − V_1, the slate-level advantage of the reference.
     */
    public static float[] levelAdvantages(float[] values, float q, double bias) {
        return levelAdvantages(values, q, bias, 0);
    }

    /**
     * Per-level advantages as a generalised advantage estimate over the levels of one token path:
     * {@code A_l = clip(Σ_{j≥l} λ^{j−l} δ_j) + bias} with {@code δ_j = V_{j+1} − V_j} and {@code δ_{L−1} = q − V_{L−1}}
     * (no discount between the tokens of one step). λ = 0 gives {@link #levelAdvantages(float[], float, double)};
     * λ = 1 gives {@code q − V_l}, each token against the value of the prefix it was chosen from.
     */
    public static float[] levelAdvantages(float[] values, float q, double bias, double lambda) {
        return levelAdvantages(values, q, bias, lambda, 1);
    }

    /** {@link #levelAdvantages(float[], float, double, double)} clipped to [−bound, bound] instead of [−1, 1]. */
    public static float[] levelAdvantages(float[] values, float q, double bias, double lambda, double bound) {
        float[] a = new float[values.length];
        double running = 0;
        for (int l = values.length - 1; l >= 0; l--) {
            float next = l + 1 < values.length ? values[l + 1] : q;
            running = (next - values[l]) + lambda * running;
            a[l] = (float) (Math.max(-bound, Math.min(bound, running)) + bias);
        }
        return a;
    }

    /** Per level l: {mean, standard deviation} of {@code advantage[r][l]} over the rows, as {@code [0][l], [1][l]}. */
    public static double[][] levelMoments(float[][] advantage) {
        int levels = advantage[0].length;
        double[][] out = new double[2][levels];
        for (int l = 0; l < levels; l++) {
            double sum = 0;
            double sq = 0;
            for (float[] a : advantage) {
                sum += a[l];
                sq += (double) a[l] * a[l];
            }
            double mean = sum / advantage.length;
            out[0][l] = mean;
            out[1][l] = Math.sqrt(Math.max(0, sq / advantage.length - mean * mean));
        }
        return out;
    }

    /**
     * Per-level advantage normalisation, in place: each level's advantages over the minibatch's rows get zero mean and
     * unit standard deviation (a level whose advantages are all equal gets zeros), so that every level's policy
     * gradient has the same scale against the entropy term.
     */
    public static void normalisePerLevel(float[][] advantage) {
        double[][] moments = levelMoments(advantage);
        for (int l = 0; l < moments[0].length; l++) {
            double mean = moments[0][l];
            double sd = moments[1][l];
            for (float[] a : advantage) {
                a[l] = sd > 1e-6 ? (float) ((a[l] - mean) / sd) : 0f;
            }
        }
    }

    public static double clip(double x) {
        return Math.max(-1, Math.min(1, x));
    }

    /** A loss and the mean entropy of each level's distribution. */
    public record Terms(NDArray loss, double[] entropies) {
    }
}
