package io.hsrl.core.agent;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.hsrl.core.data.ItemFeatures;
import io.hsrl.core.nn.SasRecEncoder;
import io.hsrl.core.nn.Scalars;
import io.hsrl.core.policy.CatalogueScorer;
import io.hsrl.core.policy.DecodedSlates;

import java.util.Map;
import java.util.Random;

/**
 * The flat item-level A2C baseline (hsrl-reference.md §9.3, HAC code's A2C): the same SASRec encoder, item scores
 * {@code ⟨s, item_map(feat_i)⟩} with the item projection shared with the encoder's input map, a softmax over the whole
 * catalogue; K items sampled without replacement (Gumbel-top-K) while exploring, top-K when greedy. A value critic
 * V(s), TD target with {@code 1 − done}, actor loss {@code mean_b Σ_k −log π(a_k)·clip(A)} minus an entropy bonus,
 * Polyak targets. Acting costs B × N scores.
 */
public final class FlatA2cAgent implements SlateAgent {
    private final AgentConfig config;
    private final NDManager manager;
    private final SasRecActorCritic nets;
    private final HistoryFeatures features;
    private NDArray catalogue;
    private int items;
    private final ItemFeatures itemFeatures;
    /** Catalogue churn: the item of each output column, and the column of each item (−1: none); null = identity. */
    private int[] columnItem;
    private int[] itemColumn;

    public FlatA2cAgent(NDManager parent, AgentConfig config, ItemFeatures itemFeatures, long seed) {
        if (config.slateSize() > itemFeatures.size()) {
            throw new IllegalArgumentException("slateSize " + config.slateSize() + " exceeds the " + itemFeatures.size() + " items");
        }
        this.config = config;
        this.manager = parent.newSubManager();
        this.items = itemFeatures.size();
        this.itemFeatures = itemFeatures;
        this.nets = new SasRecActorCritic(manager, config, itemFeatures.dimension(), config.dModel(), seed);
        this.features = new HistoryFeatures(itemFeatures, false);
        this.catalogue = manager.create(itemFeatures.items().vectors(), new Shape(items, itemFeatures.dimension()));
        NDScope.unregister(catalogue);
    }

    @Override
    public AgentConfig config() {
        return config;
    }

    /** Item logits (N, items) from states (N, d). */
    private NDArray scores(SasRecEncoder encoder, NDArray states) {
        return states.matMul(encoder.projectItems(catalogue).transpose());
    }

    @Override
    public DecodedSlates act(int[][] histories, boolean explore, Random random) {
        try (NDManager step = manager.newSubManager(); NDScope ignored = new NDScope()) {
            NDArray x = step.create(features.of(histories), new Shape(histories.length, config.maxSeqLen(), features.dimension()));
            NDArray logits = scores(nets.actor, nets.actor.state(x, false));
            if (!explore) {
                return new DecodedSlates(toItems(CatalogueScorer.topK(logits, config.slateSize())), null);
            }
            // Gumbel-top-K = K draws without replacement from softmax(logits) (§11)
            float[] l = logits.toFloatArray();
            for (int i = 0; i < l.length; i++) {
                l[i] -= (float) Math.log(-Math.log(1 - random.nextDouble()));
            }
            return new DecodedSlates(toItems(CatalogueScorer.topK(step.create(l, logits.getShape()), config.slateSize())), null);
        }
    }

    @Override
    public DecodedSlates warmupSlates(int users, Random random) {
        int[][] slate = new int[users][];
        for (int r = 0; r < users; r++) {
            slate[r] = HsrlAgent.distinctRandom(items, config.slateSize(), random);
        }
        return new DecodedSlates(toItems(slate), null);
    }

    @Override
    public UpdateReport update(ReplayBuffer.Sample batch) {
        int m = batch.rewards().length;
        int k = config.slateSize();
        UpdateReport report;
        try (NDManager step = manager.newSubManager(); NDScope ignored = new NDScope()) {
            Shape shape = new Shape(m, config.maxSeqLen(), features.dimension());
            NDArray x = step.create(features.of(batch.histories()), shape);
            NDArray xNext = step.create(features.of(batch.nextHistories()), shape);
            float[] next = nets.criticTarget.value(nets.actorTarget.state(xNext, false), false).toFloatArray();
            float[] q = A2cLosses.tdTarget(batch.rewards(), batch.done(), next, config.gamma(), false);
            NDArray qArray = step.create(q);
            try (GradientCollector gc = manager.getEngine().newGradientCollector()) {
                NDArray s = nets.actor.state(x, true);
                NDArray v = nets.critic.value(s.stopGradient(), true);
                NDArray criticLoss = v.sub(qArray).square().mean();
                float[] values = v.toFloatArray();
                float[] weights = new float[m * items]; // clip(A_b) at each slate item of row b
                double meanAdvantage = 0;
                for (int b = 0; b < m; b++) {
                    float a = (float) (A2cLosses.clip(q[b] - values[b]) + config.advantageBias());
                    meanAdvantage += a / m;
                    for (int j = 0; j < k; j++) {
                        int col = itemColumn == null ? batch.actions()[b][j] : itemColumn[batch.actions()[b][j]];
                        if (col >= 0) { // a replayed item that has retired since has no column any more
                            weights[b * items + col] += a;
                        }
                    }
                }
                NDArray logp = scores(nets.actor, s).logSoftmax(-1);
                NDArray p = logp.exp();
                NDArray negEntropy = p.mul(logp).sum(new int[] {1}).mean();
                NDArray actorLoss = Scalars.div(logp.mul(step.create(weights, new Shape(m, items))).sum().neg(), m)
                        .add(Scalars.mul(negEntropy, config.entropyCoef()));
                gc.backward(actorLoss.add(criticLoss));
                double entropy = -negEntropy.getFloat();
                report = new UpdateReport(actorLoss.getFloat(), criticLoss.getFloat(), mean(q), mean(values),
                        meanAdvantage, new double[] {mean(values)}, new double[] {entropy});
            }
        }
        nets.criticOptimizer.step();
        nets.actorOptimizer.step();
        nets.critic.parameters().zeroGradients();
        nets.actorParams.zeroGradients();
        float tau = (float) config.targetMitigateCoef();
        nets.actorTargetParams.polyakFrom(nets.actorParams, tau);
        nets.criticTarget.parameters().polyakFrom(nets.critic.parameters(), tau);
        return report;
    }

    /**
     * Catalogue churn: the output layer is remapped to exactly these items (dense indices of the feature
     * table): arrivals get a column from their feature vector through the shared item projection, retired items lose
     * theirs; no parameter is re-initialised, so training goes on through the change.
     */
    public void remapCatalogue(int[] activeItems) {
        if (activeItems.length < config.slateSize()) {
            throw new IllegalArgumentException(activeItems.length + " active items, fewer than a slate of " + config.slateSize());
        }
        int d = itemFeatures.dimension();
        float[] v = new float[activeItems.length * d];
        itemFeatures.gather(activeItems, 0, activeItems.length, v, 0);
        NDArray next = manager.create(v, new Shape(activeItems.length, d));
        NDScope.unregister(next);
        catalogue.close();
        catalogue = next;
        items = activeItems.length;
        columnItem = activeItems.clone();
        itemColumn = new int[itemFeatures.size()];
        java.util.Arrays.fill(itemColumn, -1);
        for (int c = 0; c < columnItem.length; c++) {
            itemColumn[columnItem[c]] = c;
        }
    }

    private int[][] toItems(int[][] columns) {
        if (columnItem != null) {
            for (int[] row : columns) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = columnItem[row[j]];
                }
            }
        }
        return columns;
    }

    private static double mean(float[] a) {
        double s = 0;
        for (float x : a) {
            s += x;
        }
        return s / a.length;
    }

    @Override
    public Map<String, byte[]> state() {
        return nets.state();
    }

    @Override
    public void restore(Map<String, byte[]> state, String source) {
        nets.restore(state, source);
    }

    /** Only the actor (evaluation). */
    public void restoreActor(byte[] actorParameters, String source) {
        nets.restoreActor(actorParameters, source);
    }

    @Override
    public void close() {
        nets.close();
        manager.close();
    }
}
