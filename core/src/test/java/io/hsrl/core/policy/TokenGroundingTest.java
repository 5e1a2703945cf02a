package io.hsrl.core.policy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import io.hsrl.contracts.PolicyMode;
import io.hsrl.core.testing.RandomSidSpace;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class TokenGroundingTest {
    private static final int CLUSTERS = 4;
    private static final int SUBCLUSTERS = 3;
    private static final int PER_CELL = 5;
    private static final int DIM = 6;

    /**
     * Items in 4 clusters of 3 subclusters of 5: token 0 = the cluster, token 1 = the subcluster, token 2 tells the
     * cell's items apart (a disambiguation level). Features: a cluster centre, a smaller subcluster offset, noise.
     */
    private record World(RandomSidSpace space, float[] features) {
    }

    private static World world() {
        Random r = new Random(3);
        float[][] centre = new float[CLUSTERS][DIM];
        float[][] offset = new float[SUBCLUSTERS][DIM];
        for (float[] c : centre) {
            for (int t = 0; t < DIM; t++) {
                c[t] = (float) (3 * r.nextGaussian());
            }
        }
        for (float[] o : offset) {
            for (int t = 0; t < DIM; t++) {
                o[t] = (float) r.nextGaussian();
            }
        }
        int n = CLUSTERS * SUBCLUSTERS * PER_CELL;
        int[][] sids = new int[n][];
        float[] features = new float[n * DIM];
        int i = 0;
        for (int a = 0; a < CLUSTERS; a++) {
            for (int b = 0; b < SUBCLUSTERS; b++) {
                for (int c = 0; c < PER_CELL; c++, i++) {
                    sids[i] = new int[] {a, b, c};
                    for (int t = 0; t < DIM; t++) {
                        features[i * DIM + t] = (float) (centre[a][t] + offset[b][t] + 0.1 * r.nextGaussian());
                    }
                }
            }
        }
        return new World(new RandomSidSpace(sids, new int[] {CLUSTERS, SUBCLUSTERS, PER_CELL}), features);
    }

    private static HierarchicalPolicy policy(NDManager root) {
        return new HierarchicalPolicy(root, new PolicyConfig(PolicyMode.HSRL, DIM, 16, 2, 1, 16, 0f, 4,
                new int[] {CLUSTERS, SUBCLUSTERS, PER_CELL}, 1f), 11, true);
    }

    @Test
    void groundedHeadsPointEachItemsEmbeddingAtItsOwnTokens() {
        World w = world();
        int n = w.space().items();
        try (NDManager root = NDManager.newBaseManager(); HierarchicalPolicy p = policy(root)) {
            float[] lastHead = p.parameters().values("sid_heads.2.weight");
            TokenGrounding.ground(p, w.space(), w.features(), DIM, 2, 1.0);

            try (NDManager m = root.newSubManager(); NDScope ignored = new NDScope()) {
                NDArray e = p.projectItems(m.create(w.features(), new Shape(n, DIM)));
                NDArray centred = e.sub(e.mean(new int[] {0}));
                int[] level0 = p.logits(0, centred).argMax(1).toType(ai.djl.ndarray.types.DataType.INT32, false).toIntArray();
                int right0 = 0;
                int right1 = 0;
                float[] ev = centred.toFloatArray();
                for (int i = 0; i < n; i++) {
                    right0 += level0[i] == w.space().sid(i)[0] ? 1 : 0;
                }
                // level 1 scores what is left of an item's embedding once its cluster's mean is taken away
                int d = p.config().dModel();
                float[] residual = new float[n * d];
                for (int a = 0; a < CLUSTERS; a++) {
                    float[] mean = new float[d];
                    for (int i = 0; i < n; i++) {
                        if (w.space().sid(i)[0] == a) {
                            for (int t = 0; t < d; t++) {
                                mean[t] += ev[i * d + t] / (SUBCLUSTERS * PER_CELL);
                            }
                        }
                    }
                    for (int i = 0; i < n; i++) {
                        if (w.space().sid(i)[0] == a) {
                            for (int t = 0; t < d; t++) {
                                residual[i * d + t] = ev[i * d + t] - mean[t];
                            }
                        }
                    }
                }
                int[] level1 = p.logits(1, m.create(residual, new Shape(n, d))).argMax(1)
                        .toType(ai.djl.ndarray.types.DataType.INT32, false).toIntArray();
                for (int i = 0; i < n; i++) {
                    right1 += level1[i] == w.space().sid(i)[1] ? 1 : 0;
                }
                // a dot product, not a distance: a large cluster key can win a few items of a neighbour
                assertThat(right0).as("items whose level-0 logit is highest at their own token").isGreaterThanOrEqualTo(n * 9 / 10);
                assertThat(right1).as("items whose level-1 logit is highest at their own token").isGreaterThanOrEqualTo(n * 9 / 10);
            }
            assertThat(p.parameters().values("sid_heads.0.bias")).containsOnly(0f);
            // the disambiguation level (beyond the grounded levels) keeps its drawn start
            assertThat(p.parameters().values("sid_heads.2.weight")).containsExactly(lastHead);
            // rows of root-mean-square norm 1
            float[] w0 = p.parameters().values("sid_heads.0.weight");
            double sq = 0;
            for (float v : w0) {
                sq += v * v;
            }
            assertThat(Math.sqrt(sq / CLUSTERS)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        }
    }

    @Test
    void theUngroundedHeadsStartNearUniformTheGroundedOnesDoNot() {
        World w = world();
        int n = w.space().items();
        try (NDManager root = NDManager.newBaseManager(); HierarchicalPolicy drawn = policy(root);
             HierarchicalPolicy grounded = policy(root)) {
            TokenGrounding.ground(grounded, w.space(), w.features(), DIM, 2, 3.0);
            try (NDManager m = root.newSubManager(); NDScope ignored = new NDScope()) {
                NDArray x = m.create(w.features(), new Shape(n, 1, DIM)).repeat(1, 4);
                double drawnEntropy = entropy(drawn.logits(0, drawn.state(x, false)));
                double groundedEntropy = entropy(grounded.logits(0, grounded.state(x, false)));
                assertThat(drawnEntropy).isGreaterThan(0.9 * Math.log(CLUSTERS));
                assertThat(groundedEntropy).isLessThan(drawnEntropy - 0.2);
            }
        }
    }

    /**
     * Items without a Semantic ID yet (arrivals under churn) stand for no token: the heads are those of the items that
     * have one, whatever the others' features.
     */
    @Test
    void itemsWithoutASemanticIdAreLeftOut() {
        World w = world();
        int n = w.space().items();
        float[] noisy = w.features().clone();
        for (int t = 0; t < DIM; t++) {
            noisy[t] = 1000f; // item 0 has no SID: its features must not move any head
            noisy[(n - 1) * DIM + t] = -1000f;
        }
        io.hsrl.core.sid.SidSpace partial = new io.hsrl.core.sid.SidSpace() {
            public int length() { return w.space().length(); }
            public int vocabulary(int level) { return w.space().vocabulary(level); }
            public int items() { return n; }
            public int[] children(int[] prefix, int prefixLength) { return w.space().children(prefix, prefixLength); }
            public int item(int[] sid) { return w.space().item(sid); }
            public int[] sid(int item) { return item == 0 || item == n - 1 ? null : w.space().sid(item); }
        };
        try (NDManager root = NDManager.newBaseManager(); HierarchicalPolicy p = policy(root);
             HierarchicalPolicy q = policy(root)) {
            float[] drawn = p.parameters().values("sid_heads.0.weight");
            TokenGrounding.ground(p, partial, noisy, DIM, 2, 1.0);
            assertThat(p.parameters().values("sid_heads.0.weight")).as("level 0 grounded").isNotEqualTo(drawn);
            float[] withoutTwo = w.features().clone();
            TokenGrounding.ground(q, partial, withoutTwo, DIM, 2, 1.0);
            for (String head : new String[] {"sid_heads.0.weight", "sid_heads.1.weight"}) {
                float[] a = p.parameters().values(head);
                float[] b = q.parameters().values(head);
                assertThat(a).as(head + " is finite and grounded").doesNotContain(Float.NaN);
                assertThat(a).as(head).containsExactly(b, org.assertj.core.data.Offset.offset(1e-6f));
            }
        }
    }

    private static double entropy(NDArray logits) {
        NDArray p = logits.softmax(-1);
        return p.mul(p.log()).sum(new int[] {1}).neg().mean().getFloat();
    }
}
