package io.hsrl.core.agent;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import io.hsrl.core.data.ItemFeatures;
import io.hsrl.core.nn.SasRecEncoder;
import io.hsrl.core.nn.Scalars;
import io.hsrl.core.policy.CatalogueScorer;

import java.util.Random;

/**
 * Flat item scoring shared by the supervised and the latent-action baselines (hsrl-reference.md §9.3): an item's
 * embedding is the encoder's input map applied to its features, {@code e_i = item_map(feat_i)}, and a vector
 * {@code a} (the state, or an action in that space) scores every item by {@code ⟨a, e_i⟩}.
 */
final class ItemScoring {
    private final ItemFeatures features;
    private final NDArray catalogue;
    private final int items;

    /** @param manager owns the catalogue tensor (the agent's manager, closed with it) */
    ItemScoring(NDManager manager, ItemFeatures features) {
        this.features = features;
        this.items = features.size();
        this.catalogue = manager.create(features.items().vectors(), new Shape(items, features.dimension()));
        NDScope.unregister(catalogue);
    }

    int items() {
        return items;
    }

    /** Scores (N, items) of vectors (N, d) against every item's embedding under {@code encoder}'s item map. */
    NDArray scores(SasRecEncoder encoder, NDArray vectors) {
        return vectors.matMul(encoder.projectItems(catalogue).transpose());
    }

    /** Item features of the slates' items (N, K, d_i). */
    NDArray slateFeatures(NDManager step, int[][] slates) {
        int k = slates[0].length;
        int d = features.dimension();
        float[] out = new float[slates.length * k * d];
        for (int r = 0; r < slates.length; r++) {
            features.gather(slates[r], 0, k, out, r * k * d);
        }
        return step.create(out, new Shape(slates.length, k, d));
    }

    /** Top-K when greedy; Gumbel-top-K (K draws without replacement from softmax(scores), §11) when exploring. */
    static int[][] slates(NDManager step, NDArray scores, int k, boolean explore, Random random) {
        if (!explore) {
            return CatalogueScorer.topK(scores, k);
        }
        float[] l = scores.toFloatArray();
        for (int i = 0; i < l.length; i++) {
            l[i] -= (float) Math.log(-Math.log(1 - random.nextDouble()));
        }
        return CatalogueScorer.topK(step.create(l, scores.getShape()), k);
    }

    /** K distinct random items per user (warm-up, ε = 1). */
    int[][] randomSlates(int users, int k, Random random) {
        int[][] slate = new int[users][];
        for (int r = 0; r < users; r++) {
            slate[r] = HsrlAgent.distinctRandom(items, k, random);
        }
        return slate;
    }

    /** Numerically stable binary cross-entropy of σ(logits) against labels y, element-wise. */
    static NDArray bceWithLogits(NDArray logits, NDArray y) {
        return Scalars.maximum(logits, 0).sub(logits.mul(y)).add(logits.abs().neg().exp().add(1).log());
    }
}
