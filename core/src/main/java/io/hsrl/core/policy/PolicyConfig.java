package io.hsrl.core.policy;

import io.hsrl.contracts.PolicyMode;
import io.hsrl.core.sid.SidSpace;

import java.util.Arrays;

/**
 * Shape of the Hierarchical Policy Network (hsrl-reference.md §5, §9.1). {@code vocabulary[l]} is the number of
 * logits at level l: the codebook size in hsrl mode, 256 in the reference (§13 item 14). {@code residual} false (an
 * ablation) conditions every level on the state alone: {@code c_l = c_{l−1} = s}.
 */
public record PolicyConfig(
        PolicyMode mode,
        int itemDim,
        int dModel,
        int heads,
        int layers,
        int feedForward,
        float dropout,
        int historyLength,
        int[] vocabulary,
        float temperature,
        boolean residual) {

    public static final int REFERENCE_VOCABULARY = 256;

    /** With the hierarchical residual state of §5 ({@code c_l = LN_l(c_{l−1} − e_l)}). */
    public PolicyConfig(PolicyMode mode, int itemDim, int dModel, int heads, int layers, int feedForward, float dropout,
                        int historyLength, int[] vocabulary, float temperature) {
        this(mode, itemDim, dModel, heads, layers, feedForward, dropout, historyLength, vocabulary, temperature, true);
    }

    public PolicyConfig {
        if (itemDim < 1 || dModel < 1 || heads < 1 || layers < 0 || feedForward < 1 || historyLength < 1) {
            throw new IllegalArgumentException("policy sizes must be positive: itemDim=" + itemDim + " dModel=" + dModel
                    + " heads=" + heads + " layers=" + layers + " feedForward=" + feedForward + " historyLength=" + historyLength);
        }
        if (dropout < 0 || dropout >= 1) {
            throw new IllegalArgumentException("dropout must be in [0, 1), was " + dropout);
        }
        if (vocabulary.length < 1 || Arrays.stream(vocabulary).anyMatch(v -> v < 1)) {
            throw new IllegalArgumentException("vocabulary sizes must be ≥ 1: " + Arrays.toString(vocabulary));
        }
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("sid temperature must be > 0, was " + temperature);
        }
        vocabulary = vocabulary.clone();
    }

    public int levels() {
        return vocabulary.length;
    }

    /**
     * Vocabulary for a SID space: hsrl uses each level's codebook size; reference uses {@code referenceVocabulary}
     * logits per level (256 in the released code; pass 0 to use the codebook size there too).
     */
    public static int[] vocabularyFor(SidSpace space, PolicyMode mode, int referenceVocabulary) {
        int[] v = new int[space.length()];
        for (int l = 0; l < v.length; l++) {
            int k = space.vocabulary(l);
            v[l] = mode == PolicyMode.REFERENCE && referenceVocabulary > 0 ? Math.max(referenceVocabulary, k) : k;
        }
        return v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PolicyConfig p && p.mode == mode && p.itemDim == itemDim && p.dModel == dModel
                && p.heads == heads && p.layers == layers && p.feedForward == feedForward && p.dropout == dropout
                && p.historyLength == historyLength && Arrays.equals(p.vocabulary, vocabulary)
                && p.temperature == temperature && p.residual == residual;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(vocabulary) * 31 + mode.hashCode();
    }

    @Override
    public String toString() {
        return "PolicyConfig[mode=" + mode + ", d=" + dModel + ", vocabulary=" + Arrays.toString(vocabulary) + "]";
    }
}
