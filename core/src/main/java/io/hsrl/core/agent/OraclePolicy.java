package io.hsrl.core.agent;

import io.hsrl.core.data.ItemFeatures;
import io.hsrl.core.simulator.Observation;
import io.hsrl.core.simulator.ResponseModel;

import java.util.Random;

/**
 * The ceiling of a myopic policy on a fitted simulator: each session's slate is the K items with the highest click
 * probability under the simulator itself, given the session's current profile and history. It reads what no agent
 * sees (the user profile and the simulator), so it bounds from above what greedy slates of a learned click model can
 * reach. The simulator's score of an item does not depend on the other slate items (a fitted user-response model
 * scores {@code ⟨g(E_k), interest(u, history)⟩}), so every item's probability is read by serving the catalogue in
 * chunks of K; a synthetic world's ground truth ({@link io.hsrl.core.simulator.GroundTruthResponse}) is read the same
 * way (it reads the session's user id, history and step).
 */
public final class OraclePolicy implements SlatePolicy {
    private final SimulatorEnvironment env;
    private final ResponseModel model;
    private final ItemFeatures features;

    public OraclePolicy(SimulatorEnvironment env, ResponseModel model) {
        this.env = env;
        this.model = model;
        this.features = env.environment().features();
    }

    @Override
    public int[][] slates(int[][] histories, int slateSize, Random random) {
        Observation o = env.observation();
        if (o.batchSize() != histories.length) {
            throw new IllegalArgumentException("the oracle serves the environment's " + o.batchSize() + " sessions, got "
                    + histories.length + " histories");
        }
        int n = features.size();
        int k = model.shape().slateSize();
        int d = o.itemDimension();
        int h = o.historyLength();
        int p = o.profileDimension();
        int chunks = (n + k - 1) / k;
        int[] slateItems = new int[chunks * k];
        for (int i = 0; i < slateItems.length; i++) {
            slateItems[i] = i % n; // the last chunk is padded with the first items again; their scores are not read
        }
        float[] exposure = new float[chunks * k * d];
        features.gather(slateItems, 0, slateItems.length, exposure, 0);
        long[] users = env.environment().sessionUsers();
        int[][] out = new int[histories.length][];
        for (int r = 0; r < histories.length; r++) {
            float[] profiles = new float[chunks * p];
            float[] hist = new float[chunks * h * d];
            int[] histItems = new int[chunks * h];
            int[] steps = new int[chunks];
            long[] user = new long[chunks];
            for (int c = 0; c < chunks; c++) {
                System.arraycopy(o.profiles(), r * p, profiles, c * p, p);
                System.arraycopy(o.historyFeatures(), r * h * d, hist, c * h * d, h * d);
                System.arraycopy(o.history(), r * h, histItems, c * h, h);
                steps[c] = o.steps()[r];
                user[c] = users[r];
            }
            float[] prob = model.clickProbabilities(new ResponseModel.Exposure(chunks, profiles, hist, exposure,
                    user, histItems, slateItems, steps));
            out[r] = topK(prob, n, Math.min(slateSize, n));
        }
        return out;
    }

    /** Indices of the k largest of {@code scores[0, n)}, best first. */
    static int[] topK(float[] scores, int n, int k) {
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Float.compare(scores[b], scores[a]));
        int[] top = new int[k];
        for (int j = 0; j < k; j++) {
            top[j] = order[j];
        }
        return top;
    }
}
