package io.hsrl.core.policy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.hsrl.contracts.PolicyMode;
import io.hsrl.core.nn.LayerNorm;
import io.hsrl.core.nn.Linear;
import io.hsrl.core.nn.ParameterSet;
import io.hsrl.core.nn.SasRecEncoder;
import io.hsrl.core.nn.Scalars;
import io.hsrl.core.nn.TorchInit;

import java.util.ArrayList;
import java.util.List;

/**
 * The Hierarchical Policy Network (hsrl-reference.md §5, §15): a SASRec state encoder, then per level l a head
 * {@code logits_l = W_l c_{l−1} + b_l}, a token table {@code T_l} (V_l × d) and a residual norm
 * {@code c_l = LN_l(c_{l−1} − e_l)}. In the reference's soft pass {@code e_l = softmax(logits_l/τ)·T_l}; when decoding,
 * {@code e_l = T_l[z_l]} for the token actually chosen. Parameter names are the reference's state-dict keys.
 */
public final class HierarchicalPolicy implements AutoCloseable {
    private final PolicyConfig config;
    private final ParameterSet params;
    private final SasRecEncoder encoder;
    private final Linear[] heads;
    private final NDArray[] tokenTables;
    private final LayerNorm[] residualNorms;

    /** @param trainable false for a target network (no gradients; updated by Polyak averaging) */
    public HierarchicalPolicy(NDManager manager, PolicyConfig config, long seed, boolean trainable) {
        this.config = config;
        this.params = new ParameterSet(manager, trainable);
        TorchInit init = new TorchInit(seed);
        this.encoder = new SasRecEncoder(params, config.itemDim(), config.dModel(), config.heads(), config.layers(),
                config.feedForward(), config.dropout(), config.historyLength(), init,
                config.mode() == PolicyMode.REFERENCE);
        int levels = config.levels();
        this.heads = new Linear[levels];
        this.tokenTables = new NDArray[levels];
        this.residualNorms = new LayerNorm[levels];
        int d = config.dModel();
        for (int l = 0; l < levels; l++) {
            heads[l] = new Linear(params, "sid_heads." + l, d, config.vocabulary()[l], init);
        }
        for (int l = 0; l < levels; l++) {
            int v = config.vocabulary()[l];
            tokenTables[l] = params.add("sid_token_embeds." + l + ".weight", init.normal(v * d), new Shape(v, d));
        }
        for (int l = 0; l < levels; l++) {
            residualNorms[l] = new LayerNorm(params, "sid_res_norms." + l, d);
        }
    }

    /** A non-trainable copy with the same values (a target network). */
    public HierarchicalPolicy targetCopy(NDManager manager) {
        HierarchicalPolicy t = new HierarchicalPolicy(manager, config, 0, false);
        t.params.assign(params);
        return t;
    }

    public PolicyConfig config() {
        return config;
    }

    public ParameterSet parameters() {
        return params;
    }

    public int levels() {
        return config.levels();
    }

    /** History features (N, H, d_i) → state s (N, d). */
    public NDArray state(NDArray historyFeatures, boolean training) {
        return encoder.state(historyFeatures, training);
    }

    /** The encoder's item map applied to item features (N, d_i) → (N, d). */
    public NDArray projectItems(NDArray itemFeatures) {
        return encoder.projectItems(itemFeatures);
    }

    /** Level-l logits from a context (N, d) → (N, V_l). */
    public NDArray logits(int level, NDArray context) {
        return heads[level].forward(context);
    }

    /**
     * {@code LN_l(c − w·T_l)} for token weights w (N, V_l): a softmax (soft pass) or one-hot rows (chosen tokens); the
     * context unchanged when the residual state is off.
     */
    public NDArray descend(int level, NDArray context, NDArray tokenWeights) {
        if (!config.residual()) {
            return context;
        }
        return residualNorms[level].forward(context.sub(tokenWeights.matMul(tokenTables[level])));
    }

    /** {@code LN_l(c − T_l[z])} for chosen tokens (one per row). */
    public NDArray descend(int level, NDArray context, int[] tokens) {
        return descend(level, context, oneHot(context.getManager(), tokens, config.vocabulary()[level]));
    }

    /**
     * The reference's soft residual pass (§5): all L level distributions in one pass from the state, each level
     * conditioned on the expected token embedding of the level above.
     */
    public SoftPass softPass(NDArray state) {
        List<NDArray> logits = new ArrayList<>();
        NDList contexts = new NDList(state);
        NDArray c = state;
        for (int l = 0; l < levels(); l++) {
            NDArray z = logits(l, c);
            logits.add(z);
            c = descend(l, c, Scalars.div(z, config.temperature()).softmax(-1));
            contexts.add(c);
        }
        return new SoftPass(logits, NDArrays.stack(contexts, 1));
    }

    /**
     * Teacher-forced contexts along given token paths (hsrl mode, §15): row r starts from {@code state[stateRow[r]]}
     * and follows {@code tokens[r]}. Returns the logits at every level (rows, V_l) and the contexts c_0..c_{L−1}
     * the logits were computed from.
     */
    public TokenPaths teacherForce(NDArray state, int[] stateRow, int[][] tokens) {
        NDManager m = state.getManager();
        NDArray c = state.get(m.create(stateRow));
        List<NDArray> logits = new ArrayList<>();
        List<NDArray> contexts = new ArrayList<>();
        int[] column = new int[tokens.length];
        for (int l = 0; l < levels(); l++) {
            contexts.add(c);
            logits.add(logits(l, c));
            if (l + 1 < levels()) {
                for (int r = 0; r < tokens.length; r++) {
                    column[r] = tokens[r][l];
                }
                c = descend(l, c, column);
            }
        }
        return new TokenPaths(logits, contexts);
    }

    /** One-hot rows (rows, V) of level {@code level} of each token path. */
    public static NDArray oneHotRows(NDManager manager, int[][] paths, int level, int vocabulary) {
        int[] column = new int[paths.length];
        for (int r = 0; r < paths.length; r++) {
            column[r] = paths[r][level];
        }
        return oneHot(manager, column, vocabulary);
    }

    static NDArray oneHot(NDManager manager, int[] tokens, int vocabulary) {
        float[] hot = new float[tokens.length * vocabulary];
        for (int r = 0; r < tokens.length; r++) {
            if (tokens[r] < 0 || tokens[r] >= vocabulary) {
                throw new IllegalArgumentException("token " + tokens[r] + " outside vocabulary " + vocabulary);
            }
            hot[r * vocabulary + tokens[r]] = 1f;
        }
        return manager.create(hot, new Shape(tokens.length, vocabulary));
    }

    @Override
    public void close() {
        params.close();
    }

    /** Output of the soft pass: logits per level (N, V_l) and contexts (N, L+1, d). */
    public record SoftPass(List<NDArray> logits, NDArray contexts) {
    }

    /** Teacher-forced paths: logits per level (rows, V_l) and the context each was computed from (rows, d). */
    public record TokenPaths(List<NDArray> logits, List<NDArray> contexts) {
    }
}
