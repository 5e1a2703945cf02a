package io.hsrl.core.simulator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The URM forward pass of hsrl-reference.md §2. Inputs {@code (profile (B,P), history features (B,H,d_i), exposure
 * features (B,K,d_i))}; output the scores {@code (B,K)} (logits; probabilities are {@code σ(score)}).
 * <ol>
 *   <li>{@code e_u = Lin(256→f)(Dropout(ReLU(Lin(P→256)(u))))}, (B,1,f);</li>
 *   <li>shared item projection {@code g = Lin(d_i→f)} for history and exposure;</li>
 *   <li>history self-attention {@code s = MHA(g(X), g(X), g(X))}, no mask;</li>
 *   <li>user-query cross-attention {@code i = MHA(e_u, s, s)};</li>
 *   <li>ML1M only: {@code i = Lin(2f→f)(concat(i, e_u))};</li>
 *   <li>{@code score_k = ⟨g(E_k), i⟩}.</li>
 * </ol>
 */
public final class UserResponseNetwork extends AbstractBlock {
    private final UserResponseShape shape;
    private final Linear portraitHidden;
    private final Dropout portraitDropout;
    private final Linear portraitOut;
    private final Linear itemProjection;
    private final MultiHeadAttention selfAttention;
    private final MultiHeadAttention crossAttention;
    private final Linear concat;

    public UserResponseNetwork(UserResponseShape shape) {
        this.shape = shape;
        portraitHidden = addChildBlock("portrait_hidden", Linear.builder().setUnits(shape.hiddenDimension()).build());
        portraitDropout = addChildBlock("portrait_dropout", Dropout.builder().optRate(shape.dropout()).build());
        portraitOut = addChildBlock("portrait_out", Linear.builder().setUnits(shape.featureDimension()).build());
        itemProjection = addChildBlock("item_emb", Linear.builder().setUnits(shape.featureDimension()).build());
        selfAttention = addChildBlock("seq_self_attn", new MultiHeadAttention(shape.featureDimension(), shape.heads()));
        crossAttention = addChildBlock("seq_user_attn", new MultiHeadAttention(shape.featureDimension(), shape.heads()));
        concat = shape.concatLayer()
                ? addChildBlock("concat_layer", Linear.builder().setUnits(shape.featureDimension()).build()) : null;
        torchDefault(portraitHidden, shape.profileDimension());
        torchDefault(portraitOut, shape.hiddenDimension());
        torchDefault(itemProjection, shape.itemDimension());
        if (concat != null) {
            torchDefault(concat, 2 * shape.featureDimension());
        }
        // nn.MultiheadAttention: in_proj xavier_uniform and zero biases (as MultiHeadAttention sets them), out_proj
        // weight as nn.Linear's
        UniformInitializer outProj = new UniformInitializer((float) (1 / Math.sqrt(shape.featureDimension())));
        selfAttention.setInitializer(outProj, p -> p.getName().equals("weight"));
        crossAttention.setInitializer(outProj, p -> p.getName().equals("weight"));
    }

    /**
     * PyTorch's nn.Linear initialisation: weight and bias U(±1/√fan_in). (DJL's default, He-normal weights and zero
     * biases, starts the scores, a product through four projections, about 36 times larger: the first minibatch's
     * BCE was far from ln 2 and the fit slower.)
     */
    private static void torchDefault(Linear linear, int fanIn) {
        linear.setInitializer(new UniformInitializer((float) (1 / Math.sqrt(fanIn))), p -> true);
    }

    public UserResponseShape shape() {
        return shape;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray profile = inputs.get(0);
        NDArray history = inputs.get(1);
        NDArray exposure = inputs.get(2);
        long batch = profile.getShape().get(0);
        int f = shape.featureDimension();
        NDArray hidden = Activation.relu(portraitHidden.forward(ps, new NDList(profile), training, params).singletonOrThrow());
        hidden = portraitDropout.forward(ps, new NDList(hidden), training, params).singletonOrThrow();
        NDArray user = portraitOut.forward(ps, new NDList(hidden), training, params).singletonOrThrow().reshape(batch, 1, f);
        NDArray h = itemProjection.forward(ps, new NDList(history), training, params).singletonOrThrow();
        NDArray s = selfAttention.forward(ps, new NDList(h, h, h), training, params).singletonOrThrow();
        NDArray interest = crossAttention.forward(ps, new NDList(user, s, s), training, params).singletonOrThrow();
        if (concat != null) {
            interest = concat.forward(ps, new NDList(interest.concat(user, 2)), training, params).singletonOrThrow();
        }
        NDArray e = itemProjection.forward(ps, new NDList(exposure), training, params).singletonOrThrow();
        return new NDList(e.mul(interest).sum(new int[]{2}));
    }

    /**
     * The parameters by their name in the reference's state dict ({@code RL4RSUserResponse} /
     * {@code ML1MUserResponse}): the portrait DNN is {@code Linear, ReLU, Dropout, Linear}, so its layers are 0 and 3
     * (2 without dropout). Weights are (out, in) in both.
     */
    public Map<String, Parameter> referenceParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        String second = shape.dropout() > 0 ? "3" : "2";
        put(out, "portrait_encoding_layer.layers.0.", portraitHidden);
        put(out, "portrait_encoding_layer.layers." + second + ".", portraitOut);
        put(out, "item_emb_layer.", itemProjection);
        put(out, "seq_self_attn_layer.", selfAttention);
        put(out, "seq_user_attn_layer.", crossAttention);
        if (concat != null) {
            put(out, "concat_layer.", concat);
        }
        return out;
    }

    private static void put(Map<String, Parameter> out, String prefix, Block block) {
        if (block instanceof MultiHeadAttention mha) {
            for (var p : mha.getDirectParameters().values()) {
                out.put(prefix + p.getName(), p);
            }
            put(out, prefix + "out_proj.", mha.getChildren().get(0).getValue());
            return;
        }
        for (var p : block.getDirectParameters().values()) {
            out.put(prefix + p.getName(), p);
        }
    }

    /** Parameters in the L2 term of §2: portrait DNN, item linear, both attentions (not the ML1M concat layer). */
    public List<Parameter> l2Parameters() {
        List<Parameter> out = new ArrayList<>();
        for (Block b : new Block[]{portraitHidden, portraitOut, itemProjection, selfAttention, crossAttention}) {
            out.addAll(b.getParameters().values());
        }
        return out;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[]{new Shape(inputShapes[0].get(0), shape.slateSize())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        int f = shape.featureDimension();
        portraitHidden.initialize(manager, dataType, new Shape(1, shape.profileDimension()));
        portraitDropout.initialize(manager, dataType, new Shape(1, shape.hiddenDimension()));
        portraitOut.initialize(manager, dataType, new Shape(1, shape.hiddenDimension()));
        itemProjection.initialize(manager, dataType, new Shape(1, shape.itemDimension()));
        selfAttention.initialize(manager, dataType, new Shape(1, 1, f), new Shape(1, 1, f), new Shape(1, 1, f));
        crossAttention.initialize(manager, dataType, new Shape(1, 1, f), new Shape(1, 1, f), new Shape(1, 1, f));
        if (concat != null) {
            concat.initialize(manager, dataType, new Shape(1, 2L * f));
        }
    }

    /** The three input shapes for a batch of {@code b}. */
    public Shape[] inputShapes(int b) {
        return new Shape[]{new Shape(b, shape.profileDimension()), new Shape(b, shape.historyLength(), shape.itemDimension()),
                new Shape(b, shape.slateSize(), shape.itemDimension())};
    }

    /**
     * The three inputs for a batch of {@code b} on {@code manager}, from row-major host arrays: profiles
     * {@code (b, P)}, history features {@code (b, H, d)}, exposure features {@code (b, K, d)}.
     */
    public NDList inputs(NDManager manager, float[] profiles, float[] historyFeatures, float[] exposureFeatures, int b) {
        Shape[] s = inputShapes(b);
        return new NDList(manager.create(profiles, s[0]), manager.create(historyFeatures, s[1]),
                manager.create(exposureFeatures, s[2]));
    }
}
