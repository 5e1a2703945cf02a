package io.hsrl.core.policy;

import io.hsrl.contracts.PolicyMode;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.hsrl.core.nn.Naive;
import io.hsrl.core.testing.RandomSidSpace;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class HierarchicalPolicyTest {
    private static PolicyConfig config(PolicyMode mode, int[] vocabulary, int itemDim, int d, int history) {
        return new PolicyConfig(mode, itemDim, d, 2, 1, 16, 0.1f, history, vocabulary, 1f);
    }

    private static float[] randoms(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    @Test
    void referenceSizesGiveTheReferenceParameterCount() {
        try (NDManager root = NDManager.newBaseManager();
             HierarchicalPolicy p = new HierarchicalPolicy(root,
                     new PolicyConfig(PolicyMode.REFERENCE, 40, 32, 4, 2, 128, 0.1f, 50, new int[] {256, 256, 256}, 1f), 7, true)) {
            assertThat(p.parameters().count()).isEqualTo(78_496L); // hsrl-reference.md §5
            assertThat(p.parameters().get("sid_token_embeds.2.weight").getShape()).isEqualTo(new Shape(256, 32));
        }
    }

    @Test
    void referenceModeStartsEveryEncoderLayerAsACopyOfTheFirstLikeTorchsTransformerEncoder() {
        try (NDManager root = NDManager.newBaseManager();
             HierarchicalPolicy ref = new HierarchicalPolicy(root,
                     new PolicyConfig(PolicyMode.REFERENCE, 6, 8, 2, 3, 16, 0.1f, 4, new int[] {4, 4}, 1f), 7, true);
             HierarchicalPolicy hsrl = new HierarchicalPolicy(root,
                     new PolicyConfig(PolicyMode.HSRL, 6, 8, 2, 3, 16, 0.1f, 4, new int[] {4, 4}, 1f), 7, true)) {
            int compared = 0;
            for (String name : ref.parameters().arrays().keySet()) {
                if (!name.startsWith("transformer.layers.0.")) {
                    continue;
                }
                float[] first = ref.parameters().get(name).toFloatArray();
                for (int i = 1; i < 3; i++) {
                    String other = name.replace("transformer.layers.0.", "transformer.layers." + i + ".");
                    assertThat(ref.parameters().get(other).toFloatArray()).as(other).containsExactly(first);
                    compared++;
                }
                if (name.endsWith("weight") && !name.contains("norm")) {
                    String second = name.replace("transformer.layers.0.", "transformer.layers.1.");
                    assertThat(hsrl.parameters().get(second).toFloatArray()).as(second).isNotEqualTo(
                            hsrl.parameters().get(name).toFloatArray());
                }
            }
            assertThat(compared).isEqualTo(2 * 12); // in_proj w/b, out_proj w/b, linear1/2 w/b, norm1/2 w/b
            // the copy is a value, not a shared tensor: a step on one layer leaves the others
            ref.parameters().get("transformer.layers.1.linear1.weight").muli(2);
            assertThat(ref.parameters().get("transformer.layers.0.linear1.weight").toFloatArray()).isNotEqualTo(
                    ref.parameters().get("transformer.layers.1.linear1.weight").toFloatArray());
        }
    }

    @Test
    void softPassIsTheResidualChainOfExpectedTokenEmbeddings() {
        int d = 4;
        int[] vocab = {3, 5};
        try (NDManager root = NDManager.newBaseManager();
             HierarchicalPolicy p = new HierarchicalPolicy(root, config(PolicyMode.REFERENCE, vocab, 3, d, 2), 1, true);
             NDManager step = root.newSubManager()) {
            p.parameters().get("sid_res_norms.0.weight").set(randoms(d, 4));
            float[] s = randoms(2 * d, 3);
            HierarchicalPolicy.SoftPass pass = p.softPass(step.create(s, new Shape(2, d)));
            double[] c = Naive.toDouble(s);
            float[] contexts = pass.contexts().toFloatArray(); // (2, 3, d)
            for (int l = 0; l < 2; l++) {
                double[] logits = Naive.linear(c, 2, d, f(p, "sid_heads." + l + ".weight"), f(p, "sid_heads." + l + ".bias"), vocab[l]);
                float[] got = pass.logits().get(l).toFloatArray();
                for (int i = 0; i < logits.length; i++) {
                    assertThat((double) got[i]).isCloseTo(logits[i], within(1e-5));
                }
                float[] table = f(p, "sid_token_embeds." + l + ".weight");
                double[] residual = new double[2 * d];
                for (int r = 0; r < 2; r++) {
                    double max = Double.NEGATIVE_INFINITY;
                    for (int v = 0; v < vocab[l]; v++) {
                        max = Math.max(max, logits[r * vocab[l] + v]);
                    }
                    double z = 0;
                    for (int v = 0; v < vocab[l]; v++) {
                        z += Math.exp(logits[r * vocab[l] + v] - max);
                    }
                    for (int j = 0; j < d; j++) {
                        double e = 0;
                        for (int v = 0; v < vocab[l]; v++) {
                            e += Math.exp(logits[r * vocab[l] + v] - max) / z * table[v * d + j];
                        }
                        residual[r * d + j] = c[r * d + j] - e;
                    }
                }
                c = Naive.layerNorm(residual, 2, d, f(p, "sid_res_norms." + l + ".weight"), f(p, "sid_res_norms." + l + ".bias"));
                for (int r = 0; r < 2; r++) {
                    for (int j = 0; j < d; j++) {
                        assertThat((double) contexts[(r * 3 + l + 1) * d + j]).isCloseTo(c[r * d + j], within(1e-5));
                    }
                }
            }
        }
    }

    @Test
    void beamSearchReturnsTheMostLikelyValidDistinctSids() {
        int[] vocab = {4, 3, 5};
        RandomSidSpace space = new RandomSidSpace(25, vocab, 2);
        PrefixIndex index = new PrefixIndex(space);
        try (NDManager root = NDManager.newBaseManager();
             HierarchicalPolicy p = new HierarchicalPolicy(root, config(PolicyMode.HSRL, vocab, 3, 8, 4), 5, true);
             NDManager step = root.newSubManager()) {
            NDArray states = step.create(randoms(3 * 8, 6), new Shape(3, 8));
            SlateDecoder decoder = new SlateDecoder(p, index);
            DecodedSlates beam = decoder.beam(states, 4, 25); // width ≥ items: exact
            for (int r = 0; r < 3; r++) {
                // brute force: log-probability of every item's SID under the trie-restricted chain
                double[] logp = new double[25];
                for (int i = 0; i < 25; i++) {
                    logp[i] = pathLogProb(p, index, states.get(r).reshape(1, 8), space.sid(i));
                }
                Integer[] order = new Integer[25];
                for (int i = 0; i < 25; i++) {
                    order[i] = i;
                }
                Arrays.sort(order, (a, b) -> Double.compare(logp[b], logp[a]));
                assertThat(Arrays.stream(beam.items()[r]).boxed().toList()).containsExactly(order[0], order[1], order[2], order[3]);
                for (int k = 0; k < 4; k++) {
                    assertThat(beam.sids()[r][k]).containsExactly(space.sid(beam.items()[r][k]));
                }
            }
            DecodedSlates narrow = decoder.beam(states, 4, 4);
            for (int[] slate : narrow.items()) {
                assertThat(Arrays.stream(slate).distinct().count()).isEqualTo(4);
            }
        }
    }

    @Test
    void samplingNeverYieldsAnInvalidSidAndFillsSlatesWithDistinctItems() {
        int[] vocab = {3, 2, 4};
        RandomSidSpace space = new RandomSidSpace(12, vocab, 8);
        PrefixIndex index = new PrefixIndex(space);
        Random random = new Random(1);
        try (NDManager root = NDManager.newBaseManager();
             HierarchicalPolicy p = new HierarchicalPolicy(root, config(PolicyMode.HSRL, vocab, 3, 8, 4), 5, true)) {
            SlateDecoder decoder = new SlateDecoder(p, index);
            Set<Integer> seen = new HashSet<>();
            for (int trial = 0; trial < 20; trial++) {
                try (NDManager step = root.newSubManager()) {
                    NDArray states = step.create(randoms(5 * 8, trial), new Shape(5, 8));
                    int k = trial % 2 == 0 ? 12 : 5; // 12 = every item: the exclusion must open every branch
                    DecodedSlates s = decoder.sample(states, k, random);
                    for (int r = 0; r < 5; r++) {
                        assertThat(Arrays.stream(s.items()[r]).distinct().count()).isEqualTo(k);
                        for (int j = 0; j < k; j++) {
                            assertThat(space.item(s.sids()[r][j])).isEqualTo(s.items()[r][j]);
                            seen.add(s.items()[r][j]);
                        }
                    }
                }
            }
            assertThat(seen).hasSize(12);
        }
    }

    @Test
    void catalogueScoresAreTheNormalisedProductOfLevelMarginals() {
        int[] vocab = {3, 4};
        RandomSidSpace space = new RandomSidSpace(7, vocab, 3);
        try (NDManager root = NDManager.newBaseManager();
             HierarchicalPolicy p = new HierarchicalPolicy(root, config(PolicyMode.REFERENCE, new int[] {6, 6}, 3, 8, 4), 5, true);
             CatalogueScorer scorer = new CatalogueScorer(root, space);
             NDManager step = root.newSubManager()) {
            HierarchicalPolicy.SoftPass pass = p.softPass(step.create(randoms(2 * 8, 1), new Shape(2, 8)));
            float[] pi = scorer.probabilities(pass.logits()).toFloatArray();
            float[] q0 = pass.logits().get(0).softmax(-1).toFloatArray();
            float[] q1 = pass.logits().get(1).softmax(-1).toFloatArray();
            for (int r = 0; r < 2; r++) {
                double[] raw = new double[7];
                double total = 0;
                for (int i = 0; i < 7; i++) {
                    int[] sid = space.sid(i);
                    raw[i] = q0[r * 6 + sid[0]] * q1[r * 6 + sid[1]];
                    total += raw[i];
                }
                for (int i = 0; i < 7; i++) {
                    assertThat((double) pi[r * 7 + i]).isCloseTo(raw[i] / total, within(1e-6));
                }
            }
            int[][] top = CatalogueScorer.topK(step.create(new float[] {0.1f, 0.5f, 0.2f, 0.9f}, new Shape(1, 4)), 3);
            assertThat(top[0]).containsExactly(3, 1, 2);
        }
    }

    private static double pathLogProb(HierarchicalPolicy p, PrefixIndex index, NDArray state, int[] sid) {
        NDArray c = state;
        double total = 0;
        for (int l = 0; l < sid.length; l++) {
            float[] logits = p.logits(l, c).toFloatArray();
            int[] valid = index.children(sid, l);
            double[] logp = SlateDecoder.maskedLogSoftmax(logits, 0, valid, 1f);
            total += logp[Arrays.binarySearch(valid, sid[l])];
            c = p.descend(l, c, new int[] {sid[l]});
        }
        return total;
    }

    private static float[] f(HierarchicalPolicy p, String name) {
        return p.parameters().get(name).toFloatArray();
    }
}
