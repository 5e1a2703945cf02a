package io.hsrl.core.policy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import io.hsrl.core.sid.SidSpace;

import java.util.HashMap;
import java.util.Map;

/**
 * Starts the Hierarchical Policy Network's token heads from the items each token stands for, the way the flat
 * baselines' item scorer starts from {@code ⟨s, item_map(feat_i)⟩}: token k of level l gets the key
 * {@code key_l[k] = mean over the items whose level-l token is k of (e_i − mean of e over the items sharing their
 * prefix z_<l)}, with {@code e_i = item_map(feat_i)} under the untrained encoder — the residual centroid of the token in
 * the policy's own state space. The head's weight row becomes {@code scale · key_l[k] / rms_k ‖key_l[k]‖} and its bias 0,
 * so that at the start a token's logit is its similarity to the state, as an item's score is for the flat scorer; a
 * token without items gets a zero row. Only the heads' initial values change: their shapes, the token tables and the
 * checkpoints are those of the network.
 */
public final class TokenGrounding {
    private TokenGrounding() {
    }

    /**
     * @param features   item features, row-major (items × d_i), in the SID space's item order
     * @param levels     how many leading levels to ground (the codebook's; a disambiguation level's tokens carry no
     *                   meaning and keep their random start)
     * @param headScale  norm (root mean square over the level's tokens) of the head's weight rows
     */
    public static void ground(HierarchicalPolicy actor, SidSpace space, float[] features, int itemDim, int levels,
                              double headScale) {
        int n = space.items();
        int d = actor.config().dModel();
        float[] e;
        try (NDManager m = actor.parameters().manager().newSubManager(); NDScope ignored = new NDScope()) {
            e = actor.projectItems(m.create(features, new Shape(n, itemDim))).toFloatArray();
        }
        int[][] sid = new int[n][];
        for (int i = 0; i < n; i++) {
            sid[i] = space.sid(i);
        }
        // an item without a Semantic ID yet (an arrival under churn) stands for no token
        int[] encoded = java.util.stream.IntStream.range(0, n).filter(i -> sid[i] != null).toArray();
        for (int l = 0; l < Math.min(levels, actor.levels()); l++) {
            int v = actor.config().vocabulary()[l];
            // mean of e per parent prefix z_<l
            Map<String, double[]> parentSum = new HashMap<>();
            Map<String, Integer> parentCount = new HashMap<>();
            String[] parent = new String[n];
            for (int i : encoded) {
                parent[i] = prefixKey(sid[i], l);
                double[] s = parentSum.computeIfAbsent(parent[i], k -> new double[d]);
                for (int t = 0; t < d; t++) {
                    s[t] += e[i * d + t];
                }
                parentCount.merge(parent[i], 1, Integer::sum);
            }
            double[] key = new double[v * d];
            int[] count = new int[v];
            for (int i : encoded) {
                int k = sid[i][l];
                double[] s = parentSum.get(parent[i]);
                double c = parentCount.get(parent[i]);
                for (int t = 0; t < d; t++) {
                    key[k * d + t] += e[i * d + t] - s[t] / c;
                }
                count[k]++;
            }
            double sq = 0;
            int used = 0;
            for (int k = 0; k < v; k++) {
                if (count[k] == 0) {
                    continue;
                }
                for (int t = 0; t < d; t++) {
                    key[k * d + t] /= count[k];
                    sq += key[k * d + t] * key[k * d + t];
                }
                used++;
            }
            double rms = used == 0 ? 0 : Math.sqrt(sq / used);
            if (!(rms > 0)) {
                continue;
            }
            actor.parameters().set("sid_heads." + l + ".weight", scaled(key, headScale / rms));
            actor.parameters().set("sid_heads." + l + ".bias", new float[v]);
        }
    }

    private static float[] scaled(double[] key, double factor) {
        float[] out = new float[key.length];
        for (int i = 0; i < key.length; i++) {
            out[i] = (float) (key[i] * factor);
        }
        return out;
    }

    private static String prefixKey(int[] sid, int length) {
        StringBuilder b = new StringBuilder();
        for (int j = 0; j < length; j++) {
            b.append(sid[j]).append(',');
        }
        return b.toString();
    }
}
