package io.hsrl.core.critic;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import io.hsrl.core.nn.Dropout;
import io.hsrl.core.nn.LayerNorm;
import io.hsrl.core.nn.Linear;
import io.hsrl.core.nn.ParameterSet;
import io.hsrl.core.nn.TorchInit;

/**
 * The Multi-Level Critic (hsrl-reference.md §6): one value MLP {@code v(·)} over policy contexts,
 * {@code Lin(d→h₁) → ReLU → Drop → LN → Lin(h₁→h₂) → ReLU → Drop → LN → Lin(h₂→1)} (the reference's
 * {@code DNN(do_batch_norm=True)}, which really inserts LayerNorm; keys {@code net.layers.{0,3,4,7,8}} for 256-64).
 * <ul>
 * <li>reference mode: {@code V(s) = mean_j v(c_j)} over the L+1 soft contexts (the fixed uniform token weights);</li>
 * <li>hsrl mode: {@code V_l(s, z_<l) = v(c_{l−1})} on the contexts of the tokens actually chosen (§15), one value per
 * level, so that each token gets its own advantage.</li>
 * </ul>
 */
public final class MultiLevelCritic implements AutoCloseable {
    private final ParameterSet params;
    private final Linear[] linears;
    private final LayerNorm[] norms;
    private final float dropout;
    private final int dim;
    private final int[] hidden;

    public MultiLevelCritic(NDManager manager, int dim, int[] hidden, float dropout, long seed, boolean trainable) {
        this.params = new ParameterSet(manager, trainable);
        this.dim = dim;
        this.hidden = hidden.clone();
        this.dropout = dropout;
        TorchInit init = new TorchInit(seed);
        this.linears = new Linear[hidden.length + 1];
        this.norms = new LayerNorm[hidden.length];
        int in = dim;
        int index = 0;
        for (int i = 0; i < hidden.length; i++) {
            linears[i] = new Linear(params, "net.layers." + index, in, hidden[i], init);
            norms[i] = new LayerNorm(params, "net.layers." + (index + 3), hidden[i]);
            index += 4;
            in = hidden[i];
        }
        linears[hidden.length] = new Linear(params, "net.layers." + index, in, 1, init);
    }

    public MultiLevelCritic targetCopy(NDManager manager) {
        MultiLevelCritic t = new MultiLevelCritic(manager, dim, hidden, dropout, 0, false);
        t.params.assign(params);
        return t;
    }

    public ParameterSet parameters() {
        return params;
    }

    /** v(c) for contexts of any leading shape (…, d) → (…). */
    public NDArray value(NDArray contexts, boolean training) {
        NDArray x = contexts;
        for (int i = 0; i < norms.length; i++) {
            x = norms[i].forward(Dropout.apply(Activation.relu(linears[i].forward(x)), dropout, training));
        }
        return linears[norms.length].forward(x).squeeze(-1);
    }

    /** Reference mode: {@code V(s) = mean_j v(c_j)} for contexts (N, L+1, d) → (N). */
    public NDArray uniformValue(NDArray contexts, boolean training) {
        return value(contexts, training).mean(new int[] {1});
    }

    @Override
    public void close() {
        params.close();
    }
}
