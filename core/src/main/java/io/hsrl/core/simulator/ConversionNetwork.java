package io.hsrl.core.simulator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;

/**
 * The conversion model's forward pass: the user-response architecture ({@link UserResponseNetwork}, with the concat
 * layer so that the user's profile enters the interest directly) scores each clicked item, and the item's standardised
 * log price ({@link PriceScale}) is added linearly: {@code logit = a·score + w·z + c}. Inputs {@code (profile (B,P),
 * history features (B,H,d), exposure features (B,K,d), price z (B,K))}; output the logits {@code (B,K)} of
 * {@code P(conversion | click, user, history, item)}.
 */
public final class ConversionNetwork extends AbstractBlock {
    private final UserResponseNetwork scorer;
    private final Parameter head;

    public ConversionNetwork(UserResponseShape shape) {
        scorer = addChildBlock("scorer", new UserResponseNetwork(shape));
        head = addParameter(Parameter.builder().setName("head").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(3)).optInitializer(new ConstantInitializer(0f)).build());
    }

    public UserResponseShape shape() {
        return scorer.shape();
    }

    /** {@code (a, w, c)} of {@code a·score + w·z + c}. */
    Parameter head() {
        return head;
    }

    /** Parameters under the L2 term: those of the user-response architecture's (not the head). */
    java.util.List<Parameter> l2Parameters() {
        return scorer.l2Parameters();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray score = scorer.forward(ps, new NDList(inputs.get(0), inputs.get(1), inputs.get(2)), training, params)
                .singletonOrThrow();
        NDArray z = inputs.get(3);
        NDArray theta = ps.getValue(head, score.getDevice(), training);
        NDArray a = theta.get(0);
        NDArray w = theta.get(1);
        NDArray c = theta.get(2);
        return new NDList(score.mul(a).add(z.mul(w)).add(c));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[]{new Shape(inputShapes[0].get(0), shape().slateSize())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        scorer.initialize(manager, dataType, inputShapes[0], inputShapes[1], inputShapes[2]);
    }

    /** The four input shapes for a batch of {@code b}. */
    public Shape[] inputShapes(int b) {
        Shape[] s = scorer.inputShapes(b);
        return new Shape[]{s[0], s[1], s[2], new Shape(b, shape().slateSize())};
    }

    /** The four inputs for a batch of {@code b}: the scorer's ({@link UserResponseNetwork#inputs}) and price z {@code (b, K)}. */
    public NDList inputs(NDManager manager, float[] profiles, float[] historyFeatures, float[] exposureFeatures,
                         float[] priceZ, int b) {
        NDList in = scorer.inputs(manager, profiles, historyFeatures, exposureFeatures, b);
        in.add(manager.create(priceZ, new Shape(b, shape().slateSize())));
        return in;
    }
}
