package io.hsrl.core.agent;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.hsrl.core.data.LoggedSlates;
import io.hsrl.core.nn.ParameterSet;
import io.hsrl.core.nn.SasRecEncoder;
import io.hsrl.core.nn.TorchInit;
import io.hsrl.core.optim.TorchAdam;
import io.hsrl.core.policy.DecodedSlates;
import io.hsrl.store.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Supervised behaviour cloning on the logs, the reference's "SL" baseline (hsrl-reference.md §9.3, OfflineSLAgent):
 * the flat baseline's actor (SASRec state s, item scores {@code ⟨s, item_map(feat_i)⟩}) fitted by binary cross-entropy
 * of σ(score) of every logged exposed item against its logged click, given the logged history, on minibatches of
 * logged rows. It acts by the top-K scores (greedy) or Gumbel-top-K (exploring).
 * <p>
 * Each {@link #update} is one minibatch of the logs; the replay minibatch it is handed is ignored (offline learning),
 * so the training loop's iteration budget, checkpoints, progress and resume apply unchanged. The rows of step t are
 * drawn from a generator seeded by (seed, t), so a resumed run draws the same rows as one that went on.
 */
public final class SupervisedAgent implements SlateAgent {
    static final String STEPS_FILE = "sl.json";

    private final AgentConfig config;
    private final NDManager manager;
    private final ParameterSet actorParams;
    private final SasRecEncoder actor;
    private final TorchAdam optimizer;
    private final HistoryFeatures features;
    private final ItemScoring scoring;
    private final LoggedSlates logs;
    private long seed;
    private long steps;

    /** Row-sampling seed and update counter, saved in checkpoints. */
    public record Steps(long seed, long steps) {
    }

    public SupervisedAgent(NDManager parent, AgentConfig config, LoggedSlates logs, long seed) {
        if (logs.rows() == 0) {
            throw new IllegalArgumentException(logs.source() + ": no logged rows to learn from");
        }
        if (logs.historyLength() != config.maxSeqLen()) {
            throw new IllegalArgumentException(logs.source() + ": histories of length " + logs.historyLength()
                    + ", maxSeqLen is " + config.maxSeqLen());
        }
        if (config.slateSize() > logs.features().size()) {
            throw new IllegalArgumentException("slateSize " + config.slateSize() + " exceeds the " + logs.features().size() + " items");
        }
        this.config = config;
        this.logs = logs;
        this.seed = seed;
        this.manager = parent.newSubManager();
        this.actorParams = new ParameterSet(manager, true);
        this.actor = new SasRecEncoder(actorParams, logs.itemDimension(), config.dModel(), config.nHead(), config.nLayer(),
                config.dForward(), (float) config.dropout(), config.maxSeqLen(), new TorchInit(seed));
        this.optimizer = new TorchAdam(actorParams, config.actorLr(), config.actorDecay());
        this.features = new HistoryFeatures(logs.features(), false);
        this.scoring = new ItemScoring(manager, logs.features());
    }

    @Override
    public AgentConfig config() {
        return config;
    }

    @Override
    public DecodedSlates act(int[][] histories, boolean explore, Random random) {
        try (NDManager step = manager.newSubManager(); NDScope ignored = new NDScope()) {
            NDArray x = step.create(features.of(histories), new Shape(histories.length, config.maxSeqLen(), features.dimension()));
            NDArray scores = scoring.scores(actor, actor.state(x, false));
            return new DecodedSlates(ItemScoring.slates(step, scores, config.slateSize(), explore, random), null);
        }
    }

    /**
     * Every catalogue item's score for each history (eval mode, no gradient), row-major (N × items): what greedy
     * acting ranks by, for a server that picks its own top items (e.g. past excluded ones).
     */
    public float[] scores(int[][] histories) {
        try (NDManager step = manager.newSubManager(); NDScope ignored = new NDScope()) {
            NDArray x = step.create(features.of(histories), new Shape(histories.length, config.maxSeqLen(), features.dimension()));
            return scoring.scores(actor, actor.state(x, false)).toFloatArray();
        }
    }

    /** Items the agent scores (the catalogue). */
    public int items() {
        return scoring.items();
    }

    @Override
    public DecodedSlates warmupSlates(int users, Random random) {
        return new DecodedSlates(scoring.randomSlates(users, config.slateSize(), random), null);
    }

    /** One minibatch ({@code batchSize} rows) of the logs; {@code online} (the replay sample) is not used. */
    @Override
    public UpdateReport update(ReplayBuffer.Sample online) {
        SplittableRandom rows = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + steps);
        int[] picked = new int[config.batchSize()];
        for (int j = 0; j < picked.length; j++) {
            picked[j] = rows.nextInt(logs.rows());
        }
        UpdateReport report;
        try (NDManager step = manager.newSubManager(); NDScope ignored = new NDScope()) {
            Batch b = batch(step, picked);
            try (GradientCollector gc = manager.getEngine().newGradientCollector()) {
                NDArray logits = logits(b, true);
                NDArray loss = ItemScoring.bceWithLogits(logits, b.clicks()).mean();
                gc.backward(loss);
                double clickRate = b.clicks().mean().getFloat();
                double predicted = ai.djl.nn.Activation.sigmoid(logits.stopGradient()).mean().getFloat();
                report = new UpdateReport(loss.getFloat(), 0, clickRate, predicted, 0, new double[0], new double[0]);
            }
        }
        optimizer.step();
        actorParams.zeroGradients();
        steps++;
        return report;
    }

    /** Mean BCE over the first {@code limit} rows of {@code rows} (eval mode, no gradient): the held-out loss. */
    public double loss(LoggedSlates rows, int limit) {
        int n = Math.min(limit, rows.rows());
        double sum = 0;
        int chunk = 256;
        for (int from = 0; from < n; from += chunk) {
            int[] picked = new int[Math.min(chunk, n - from)];
            for (int j = 0; j < picked.length; j++) {
                picked[j] = from + j;
            }
            try (NDManager step = manager.newSubManager(); NDScope ignored = new NDScope()) {
                Batch b = batch(step, rows, picked);
                sum += ItemScoring.bceWithLogits(logits(b, false), b.clicks()).mean().getFloat() * picked.length;
            }
        }
        return sum / n;
    }

    private record Batch(NDArray histories, NDArray slateFeatures, NDArray clicks) {
    }

    private Batch batch(NDManager step, int[] picked) {
        return batch(step, logs, picked);
    }

    private Batch batch(NDManager step, LoggedSlates rows, int[] picked) {
        int h = rows.historyLength();
        int k = rows.slateSize();
        int[][] histories = new int[picked.length][h];
        int[][] slates = new int[picked.length][k];
        float[] clicks = new float[picked.length * k];
        for (int j = 0; j < picked.length; j++) {
            rows.copyHistory(picked[j], histories[j], 0);
            rows.copySlate(picked[j], slates[j], 0);
            rows.copyFeedback(picked[j], clicks, j * k);
        }
        NDArray x = step.create(features.of(histories), new Shape(picked.length, h, features.dimension()));
        return new Batch(x, scoring.slateFeatures(step, slates), step.create(clicks, new Shape(picked.length, k)));
    }

    /** Scores (N, K) of the logged items: {@code ⟨s, item_map(feat)⟩}. */
    private NDArray logits(Batch b, boolean training) {
        NDArray s = actor.state(b.histories(), training);
        return actor.projectItems(b.slateFeatures()).mul(s.expandDims(1)).sum(new int[] {2});
    }

    @Override
    public Map<String, byte[]> state() {
        Map<String, byte[]> out = new LinkedHashMap<>();
        out.put("actor.bin", actorParams.encode());
        out.put("actor-adam.bin", optimizer.encode());
        out.put(STEPS_FILE, Json.write(new Steps(seed, steps)));
        return out;
    }

    @Override
    public void restore(Map<String, byte[]> state, String source) {
        actorParams.decode(state.get("actor.bin"), source + "/actor.bin");
        optimizer.decode(state.get("actor-adam.bin"), source + "/actor-adam.bin");
        try {
            Steps saved = Json.read(state.get(STEPS_FILE), Steps.class, source + "/" + STEPS_FILE);
            seed = saved.seed();
            steps = saved.steps();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Only the actor (evaluation). */
    public void restoreActor(byte[] actorParameters, String source) {
        actorParams.decode(actorParameters, source);
    }

    @Override
    public void close() {
        optimizer.close();
        manager.close();
    }
}
