package io.hsrl.core.simulator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;
import io.hsrl.core.nn.Scalars;

/**
 * PyTorch-style {@code nn.MultiheadAttention} (batch-first, bias, no attention dropout), hsrl-reference.md §11: a
 * packed input projection {@code in_proj_weight} (3E×E) and {@code in_proj_bias} (3E), scale {@code 1/√(E/h)}, softmax
 * over keys, then {@code out_proj}. Inputs {@code (query (B,Tq,E), key (B,Tk,E), value (B,Tk,E))}, optionally a fourth
 * additive mask broadcastable to {@code (B,h,Tq,Tk)}; output {@code (B,Tq,E)}. No mask: the URM lets padded positions
 * participate, as the reference does (§2).
 *
 * <p>Projections are computed on whole inputs and sliced afterwards (never slicing the weights), so that every
 * intermediate belongs to the caller's NDManager and nothing accumulates on the parameters' manager.
 */
public final class MultiHeadAttention extends AbstractBlock {
    private final int embed;
    private final int heads;
    private final Parameter inProjWeight;
    private final Parameter inProjBias;
    private final Linear outProj;
    // parsed once: NDIndex parses its string form with regular expressions
    private final NDIndex queryPart;
    private final NDIndex keyPart;
    private final NDIndex valuePart;

    public MultiHeadAttention(int embed, int heads) {
        if (embed % heads != 0) {
            throw new IllegalArgumentException("embedding " + embed + " is not divisible by " + heads + " heads");
        }
        this.embed = embed;
        this.heads = heads;
        inProjWeight = addParameter(Parameter.builder().setName("in_proj_weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(3L * embed, embed))
                .optInitializer(new XavierInitializer(XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.AVG, 3))
                .build());
        inProjBias = addParameter(Parameter.builder().setName("in_proj_bias").setType(Parameter.Type.BIAS)
                .optShape(new Shape(3L * embed)).build());
        outProj = addChildBlock("out_proj", Linear.builder().setUnits(embed).build());
        queryPart = new NDIndex("..., 0:{}", embed);
        keyPart = new NDIndex("..., {}:{}", embed, 2 * embed);
        valuePart = new NDIndex("..., {}:", 2 * embed);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray query = inputs.get(0);
        NDArray key = inputs.get(1);
        NDArray value = inputs.get(2);
        NDArray w = ps.getValue(inProjWeight, query.getDevice(), training);
        NDArray b = ps.getValue(inProjBias, query.getDevice(), training);
        boolean self = query == key && key == value;
        NDArray q;
        NDArray k;
        NDArray v;
        if (self) {
            NDArray qkv = Linear.linear(query, w, b).singletonOrThrow();
            q = qkv.get(queryPart);
            k = qkv.get(keyPart);
            v = qkv.get(valuePart);
        } else {
            q = Linear.linear(query, w, b).singletonOrThrow().get(queryPart);
            NDArray kvProj = Linear.linear(key, w, b).singletonOrThrow();
            k = kvProj.get(keyPart);
            v = key == value ? kvProj.get(valuePart)
                    : Linear.linear(value, w, b).singletonOrThrow().get(valuePart);
        }
        long batch = query.getShape().get(0);
        long tq = query.getShape().get(1);
        long tk = key.getShape().get(1);
        int dh = embed / heads;
        NDArray qh = q.reshape(batch, tq, heads, dh).transpose(0, 2, 1, 3);
        NDArray kh = k.reshape(batch, tk, heads, dh).transpose(0, 2, 3, 1);
        NDArray vh = v.reshape(batch, tk, heads, dh).transpose(0, 2, 1, 3);
        NDArray scores = Scalars.div(qh.matMul(kh), Math.sqrt(dh));
        if (inputs.size() > 3) {
            scores = scores.add(inputs.get(3));
        }
        NDArray attn = scores.softmax(-1);
        NDArray out = attn.matMul(vh).transpose(0, 2, 1, 3).reshape(batch, tq, embed);
        return outProj.forward(ps, new NDList(out), training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[]{inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        outProj.initialize(manager, dataType, new Shape(1, embed));
    }

    public int embedding() {
        return embed;
    }

    public int heads() {
        return heads;
    }
}
