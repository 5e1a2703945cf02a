package io.hsrl.core.agent;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.hsrl.core.data.ItemFeatures;
import io.hsrl.core.nn.SasRecEncoder;
import io.hsrl.core.nn.Scalars;
import io.hsrl.core.policy.DecodedSlates;
import io.hsrl.store.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Random;

/**
 * The DDPG/HAC-style latent-action baseline (hsrl-reference.md §9.3). The actor's action is a continuous vector in
 * item-embedding space, the SASRec state itself ({@code a = s}, as the reference's {@code action_emb = s}); a slate
 * is the top-K items by {@code ⟨a, item_map(feat_i)⟩}, with Gaussian noise on {@code a} while exploring (the reference's
 * non-negative uniform noise would shift every score by the same direction rather than explore). The critic is
 * {@code Q(s, a) = MLP([s; a])} (the reference's GeneralCritic, a LayerNorm MLP).
 * <p>
 * As in HAC, the replay holds slates, not vectors: the critic is trained on the action inferred from the slate that
 * was served, {@code Z = mean_k item_map(feat_{a_k})}, against {@code r + γ(1 − done)·Q′(s′, π′(s′))} (the TD mask
 * fixed, §13); the actor minimises {@code −Q(s, π(s))} plus {@code alignmentCoef·MSE(Z(greedy slate of a), a)}, which
 * keeps the items a vector selects close to the vector, plus optionally the behaviour BCE of the exposed items'
 * scores against the clicks. Critic step, then actor step (each its own backward pass, so the actor loss never moves
 * the critic), then Polyak targets.
 */
public final class DdpgAgent implements SlateAgent {
    static final String CONFIG_FILE = "ddpg.json";

    private final AgentConfig config;
    private final LatentActionConfig latent;
    private final NDManager manager;
    private final SasRecActorCritic nets;
    private final HistoryFeatures features;
    private final ItemScoring scoring;

    public DdpgAgent(NDManager parent, AgentConfig config, LatentActionConfig latent, ItemFeatures itemFeatures, long seed) {
        if (config.slateSize() > itemFeatures.size()) {
            throw new IllegalArgumentException("slateSize " + config.slateSize() + " exceeds the " + itemFeatures.size() + " items");
        }
        this.config = config;
        this.latent = latent;
        this.manager = parent.newSubManager();
        this.nets = new SasRecActorCritic(manager, config, itemFeatures.dimension(), 2 * config.dModel(), seed);
        this.features = new HistoryFeatures(itemFeatures, false);
        this.scoring = new ItemScoring(manager, itemFeatures);
    }

    @Override
    public AgentConfig config() {
        return config;
    }

    public LatentActionConfig latent() {
        return latent;
    }

    private NDArray histories(NDManager step, int[][] h) {
        return step.create(features.of(h), new Shape(h.length, config.maxSeqLen(), features.dimension()));
    }

    @Override
    public DecodedSlates act(int[][] histories, boolean explore, Random random) {
        try (NDManager step = manager.newSubManager(); NDScope ignored = new NDScope()) {
            NDArray a = nets.actor.state(histories(step, histories), false);
            if (explore && latent.noise() > 0) {
                float[] noise = new float[(int) a.size()];
                for (int i = 0; i < noise.length; i++) {
                    noise[i] = (float) (random.nextGaussian() * latent.noise());
                }
                a = a.add(step.create(noise, a.getShape()));
            }
            return new DecodedSlates(io.hsrl.core.policy.CatalogueScorer.topK(scoring.scores(nets.actor, a), config.slateSize()), null);
        }
    }

    @Override
    public DecodedSlates warmupSlates(int users, Random random) {
        return new DecodedSlates(scoring.randomSlates(users, config.slateSize(), random), null);
    }

    /** The inferred hyper-action of slates: {@code mean_k item_map(feat_{a_k})} (N, d). */
    private NDArray inferred(SasRecEncoder encoder, NDArray slateFeatures) {
        return encoder.projectItems(slateFeatures).mean(new int[] {1});
    }

    @Override
    public UpdateReport update(ReplayBuffer.Sample batch) {
        int m = batch.rewards().length;
        double criticLossValue;
        double actorLossValue;
        float[] q;
        float[] values;
        try (NDManager step = manager.newSubManager(); NDScope ignored = new NDScope()) {
            NDArray x = histories(step, batch.histories());
            NDArray served = scoring.slateFeatures(step, batch.actions());
            // TD target with the target networks: the next action is the target actor's state, π′(s′) = s′
            NDArray sNext = nets.actorTarget.state(histories(step, batch.nextHistories()), false);
            float[] next = nets.criticTarget.value(sNext.concat(sNext, -1), false).toFloatArray();
            q = A2cLosses.tdTarget(batch.rewards(), batch.done(), next, config.gamma(), false);
            NDArray target = step.create(q);
            NDArray s = nets.actor.state(x, false).stopGradient();
            NDArray z = inferred(nets.actor, served).stopGradient();
            try (GradientCollector gc = manager.getEngine().newGradientCollector()) {
                NDArray v = nets.critic.value(s.concat(z, -1), true);
                NDArray criticLoss = v.sub(target).square().mean();
                gc.backward(criticLoss);
                criticLossValue = criticLoss.getFloat();
                values = v.toFloatArray();
            }
            nets.criticOptimizer.step();
            nets.critic.parameters().zeroGradients();

            try (GradientCollector gc = manager.getEngine().newGradientCollector()) {
                NDArray a = nets.actor.state(x, true);
                // the state slot is held fixed: the actor moves its action, not the critic's view of the state
                NDArray actorLoss = nets.critic.value(a.stopGradient().concat(a, -1), false).mean().neg();
                if (latent.alignmentCoef() > 0) {
                    int[][] chosen = io.hsrl.core.policy.CatalogueScorer.topK(scoring.scores(nets.actor, a.stopGradient()).stopGradient(), config.slateSize());
                    NDArray zHat = inferred(nets.actor, scoring.slateFeatures(step, chosen));
                    actorLoss = actorLoss.add(Scalars.mul(zHat.sub(a.stopGradient()).square().mean(), latent.alignmentCoef()));
                }
                if (latent.behaviorCoef() > 0) {
                    float[] y = new float[m * config.slateSize()];
                    for (int b = 0; b < m; b++) {
                        System.arraycopy(batch.feedback()[b], 0, y, b * config.slateSize(), config.slateSize());
                    }
                    NDArray logits = nets.actor.projectItems(served).mul(a.expandDims(1)).sum(new int[] {2});
                    NDArray bce = ItemScoring.bceWithLogits(logits, step.create(y, logits.getShape())).mean();
                    actorLoss = actorLoss.add(Scalars.mul(bce, latent.behaviorCoef()));
                }
                gc.backward(actorLoss);
                actorLossValue = actorLoss.getFloat();
            }
            nets.actorOptimizer.step();
            nets.actorParams.zeroGradients();
            nets.critic.parameters().zeroGradients(); // the actor loss's gradient into the critic is discarded
        }
        float tau = (float) config.targetMitigateCoef();
        nets.actorTargetParams.polyakFrom(nets.actorParams, tau);
        nets.criticTarget.parameters().polyakFrom(nets.critic.parameters(), tau);
        double meanValue = mean(values);
        return new UpdateReport(actorLossValue, criticLossValue, mean(q), meanValue, mean(q) - meanValue,
                new double[] {meanValue}, new double[0]);
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
        Map<String, byte[]> out = nets.state();
        out.put(CONFIG_FILE, Json.write(latent));
        return out;
    }

    /** The latent-action settings a checkpoint was trained with. */
    public static LatentActionConfig latentOf(Map<String, byte[]> state, String source) {
        byte[] data = state.get(CONFIG_FILE);
        if (data == null) {
            throw new IllegalArgumentException(source + ": no " + CONFIG_FILE + " (not a ddpg model)");
        }
        try {
            return Json.read(data, LatentActionConfig.class, source + "/" + CONFIG_FILE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
