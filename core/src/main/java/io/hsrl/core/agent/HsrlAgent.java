package io.hsrl.core.agent;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.hsrl.core.data.ItemFeatures;
import io.hsrl.core.data.LoggedSlates;
import io.hsrl.core.critic.MultiLevelCritic;
import io.hsrl.core.nn.Scalars;
import io.hsrl.core.optim.TorchAdam;
import io.hsrl.core.policy.CatalogueScorer;
import io.hsrl.core.policy.DecodedSlates;
import io.hsrl.core.policy.HierarchicalPolicy;
import io.hsrl.core.policy.PolicyConfig;
import io.hsrl.contracts.PolicyMode;
import io.hsrl.core.policy.PrefixIndex;
import io.hsrl.core.policy.SlateDecoder;
import io.hsrl.core.policy.TokenGrounding;
import io.hsrl.core.sid.ItemSidMap;
import io.hsrl.core.sid.LiveSidSpace;
import io.hsrl.core.sid.SidSpace;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The HSRL actor-critic (hsrl-reference.md §7, §8, §15): the Hierarchical Policy Network, the Multi-Level Critic,
 * their Polyak targets and two torch Adams. {@link #act} chooses slates; {@link #update} is one gradient step on a
 * replay minibatch. Every step's tensors live in a sub-manager and an {@link NDScope}, so native memory stays flat.
 */
public final class HsrlAgent implements SlateAgent {
    private final AgentConfig config;
    private final SidSpace space;
    private final ItemFeatures items;
    private final NDManager manager;
    private final HierarchicalPolicy actor;
    private final HierarchicalPolicy actorTarget;
    private final MultiLevelCritic critic;
    private final MultiLevelCritic criticTarget;
    private final TorchAdam actorOptimizer;
    private final TorchAdam criticOptimizer;
    /** The ML1M agent's behaviour Adam over the actor (§7.4 step 5), its own moments; null when behaviorLr is 0. */
    private final TorchAdam behaviorOptimizer;
    private final PrefixIndex index;
    private final SlateDecoder decoder;
    private final CatalogueScorer scorer;
    private final HistoryFeatures environmentFeatures;
    private final HistoryFeatures replayFeatures;
    private final int[][] sidOfItem;
    private final long seed;
    /** Logged slates whose clicked items the behaviour loss clones instead of the replayed ones; null = replay. */
    private LoggedSlates behaviorLogs;
    /** Whether the logged demonstrations are the converted items rather than the clicked ones. */
    private boolean cloneConversions;
    private long behaviorSteps;
    private BehaviorCloning cloning = BehaviorCloning.OFF;
    /** The clone frozen at the first RL step of the actor, when {@link BehaviorCloning#anchor()} is on; else null. */
    private HierarchicalPolicy anchorPolicy;

    public HsrlAgent(NDManager parent, AgentConfig config, SidSpace space, ItemFeatures items, long seed) {
        if (space.items() != items.size()) {
            throw new IllegalArgumentException("the SID space has " + space.items() + " items, the catalogue " + items.size());
        }
        if (config.slateSize() > items.size()) {
            throw new IllegalArgumentException("slateSize " + config.slateSize() + " exceeds the " + items.size() + " items");
        }
        this.config = config;
        this.seed = seed;
        this.space = space;
        this.items = items;
        this.manager = parent.newSubManager();
        PolicyMode mode = config.mode();
        int[] vocabulary = PolicyConfig.vocabularyFor(space, mode, config.quirks().referenceVocabulary());
        PolicyConfig pc = new PolicyConfig(mode, items.dimension(), config.dModel(), config.nHead(), config.nLayer(),
                config.dForward(), (float) config.dropout(), config.maxSeqLen(), vocabulary, (float) config.sidTemperature(),
                mode == PolicyMode.REFERENCE || config.hsrl().residualState());
        this.actor = new HierarchicalPolicy(manager, pc, seed, true);
        if (mode == PolicyMode.HSRL && config.hsrl().groundTokens() > 0) {
            TokenGrounding.ground(actor, space, items.items().vectors(), items.dimension(), codebookLevels(space),
                    config.hsrl().groundTokens());
        }
        this.actorTarget = actor.targetCopy(manager);
        this.critic = new MultiLevelCritic(manager, config.dModel(), config.criticHiddenDims(), (float) config.criticDropout(),
                seed + 1, true);
        this.criticTarget = critic.targetCopy(manager);
        this.actorOptimizer = new TorchAdam(actor.parameters(), config.actorLr(), config.actorDecay());
        this.criticOptimizer = new TorchAdam(critic.parameters(), config.criticLr(), config.criticDecay());
        this.behaviorOptimizer = config.behaviorLr() > 0
                ? new TorchAdam(actor.parameters(), config.behaviorLr(), config.behaviorDecay()) : null;
        this.index = new PrefixIndex(space);
        this.decoder = new SlateDecoder(actor, index);
        this.scorer = mode == PolicyMode.REFERENCE ? new CatalogueScorer(manager, space) : null;
        this.environmentFeatures = new HistoryFeatures(items, false);
        this.replayFeatures = new HistoryFeatures(items, config.quirks().paddingFromLastItem());
        this.sidOfItem = new int[items.size()][];
        for (int i = 0; i < items.size(); i++) {
            sidOfItem[i] = space.sid(i);
        }
    }

    @Override
    public AgentConfig config() {
        return config;
    }

    public HierarchicalPolicy actor() {
        return actor;
    }

    public MultiLevelCritic critic() {
        return critic;
    }

    public SidSpace space() {
        return space;
    }

    /**
     * Slates for the users whose histories are given. hsrl mode: sampled decoding when exploring, beam search when
     * greedy; reference mode: top-K of the catalogue scores (topk_rate = 1, ε = 0 after warm-up).
     */
    @Override
    public DecodedSlates act(int[][] histories, boolean explore, Random random) {
        boolean training = config.quirks().trainModeNetworks() && explore;
        try (NDManager step = manager.newSubManager(); NDScope ignored = new NDScope()) {
            NDArray x = step.create(environmentFeatures.of(histories),
                    new Shape(histories.length, config.maxSeqLen(), items.dimension()));
            NDArray s = actor.state(x, training);
            if (config.mode() == PolicyMode.HSRL) {
                return explore ? decoder.sample(s, config.slateSize(), random)
                        : decoder.beam(s, config.slateSize(), Math.max(config.beamWidth(), config.slateSize()));
            }
            HierarchicalPolicy.SoftPass pass = actor.softPass(s);
            int[][] slate = CatalogueScorer.topK(scorer.logScores(pass.logits()), config.slateSize());
            return withSids(slate);
        }
    }

    /**
     * Warm-up slates (§7.3, ε = 1): K distinct uniformly random items, or the reference's one fixed slate for
     * everybody (§13.11, top-K over a uniform π).
     */
    @Override
    public DecodedSlates warmupSlates(int users, Random random) {
        int k = config.slateSize();
        int[][] slate = new int[users][k];
        for (int r = 0; r < users; r++) {
            if (config.quirks().fixedWarmupSlate()) {
                for (int j = 0; j < k; j++) {
                    slate[r][j] = j;
                }
            } else {
                slate[r] = distinctRandom(items.size(), k, random);
            }
        }
        return withSids(slate);
    }

    /** Levels of the codebook (tokens with a meaning), without a disambiguation level. */
    private static int codebookLevels(SidSpace space) {
        return space instanceof ItemSidMap map ? map.codebookLevels()
                : space instanceof LiveSidSpace live ? live.map().codebookLevels() : space.length();
    }

    static int[] distinctRandom(int n, int k, Random random) {
        int[] out = new int[k];
        java.util.Set<Integer> used = new java.util.HashSet<>();
        for (int j = 0; j < k; j++) {
            int i;
            do {
                i = random.nextInt(n);
            } while (!used.add(i));
            out[j] = i;
        }
        return out;
    }

    private DecodedSlates withSids(int[][] slate) {
        int[][][] sids = new int[slate.length][][];
        for (int r = 0; r < slate.length; r++) {
            sids[r] = new int[slate[r].length][];
            for (int k = 0; k < slate[r].length; k++) {
                sids[r][k] = sidOfItem[slate[r][k]].clone();
            }
        }
        return new DecodedSlates(slate, sids);
    }

    /**
     * Catalogue churn: the SID space changed (items arrived, encoded against the fixed codebook, or
     * retired). Cached trie queries are dropped and the arrivals' SIDs picked up; retired items keep theirs for replay.
     */
    public void catalogueChanged(int[] arrived) {
        index.clear();
        for (int i : arrived) {
            sidOfItem[i] = space.sid(i);
        }
    }

    /** One gradient step (§7.4 / §8): TD target, critic and actor losses, both Adam steps, Polyak targets. */
    @Override
    public UpdateReport update(ReplayBuffer.Sample batch) {
        int m = batch.rewards().length;
        int h = config.maxSeqLen();
        int d = items.dimension();
        boolean targetTraining = config.quirks().trainModeNetworks();
        UpdateReport report;
        try (NDManager step = manager.newSubManager(); NDScope ignored = new NDScope()) {
            NDArray x = step.create(replayFeatures.of(batch.histories()), new Shape(m, h, d));
            NDArray xNext = step.create(replayFeatures.of(batch.nextHistories()), new Shape(m, h, d));
            // 1. bootstrap target, no gradient (targets are not trainable and no collector is open)
            NDArray sNext = actorTarget.state(xNext, targetTraining);
            NDArray nextValue = config.mode() == PolicyMode.HSRL
                    ? criticTarget.value(sNext, false)
                    : criticTarget.uniformValue(actorTarget.softPass(sNext).contexts(), targetTraining);
            float[] q = A2cLosses.tdTarget(batch.rewards(), batch.done(), nextValue.toFloatArray(), config.gamma(),
                    config.quirks().invertedDoneMask());
            NDArray qArray = step.create(q);
            try (GradientCollector gc = manager.getEngine().newGradientCollector()) {
                NDArray s = actor.state(x, true);
                report = config.mode() == PolicyMode.HSRL ? hsrlLosses(gc, batch, x, s, q, qArray) : referenceLosses(gc, batch, s, q, qArray);
            }
        }
        criticOptimizer.step();
        if (!skipActorStep) {
            actorOptimizer.step();
        }
        skipActorStep = false;
        critic.parameters().zeroGradients();
        actor.parameters().zeroGradients();
        if (behaviorOptimizer != null && anchorPolicy == null) {
            behaviorStep(batch);
        }
        float tau = (float) config.targetMitigateCoef();
        actorTarget.parameters().polyakFrom(actor.parameters(), tau);
        criticTarget.parameters().polyakFrom(critic.parameters(), tau);
        return report;
    }

    /**
     * hsrl mode: the behaviour loss clones the clicked items of {@code logs} (a minibatch of {@code batchSize} logged
     * rows per update, drawn by (seed, step) as the supervised baseline draws them) instead of those of the replayed
     * slates, so that the actor imitates the logged demonstrations while the RL signal improves on them.
     * Needs a behaviour loss ({@code behaviorLr > 0}).
     */
    public void cloneLoggedSlates(LoggedSlates logs) {
        if (behaviorOptimizer == null || config.mode() != PolicyMode.HSRL) {
            throw new IllegalArgumentException("cloning logged slates needs hsrl mode and a behaviour loss (behaviorLr > 0)");
        }
        if (logs.rows() == 0 || logs.historyLength() != config.maxSeqLen() || logs.slateSize() != config.slateSize()) {
            throw new IllegalArgumentException(logs.source() + ": " + logs.rows() + " rows of histories of length "
                    + logs.historyLength() + " and slates of " + logs.slateSize() + "; the agent needs maxSeqLen "
                    + config.maxSeqLen() + " and slateSize " + config.slateSize());
        }
        this.behaviorLogs = logs;
    }

    /**
     * hsrl mode: how the behaviour loss shapes the clone ({@link BehaviorCloning}; {@link BehaviorCloning#OFF} by
     * default). Needs a behaviour loss ({@code behaviorLr > 0}) unless off.
     */
    public void behaviorCloning(BehaviorCloning c) {
        if (!c.off() && (behaviorOptimizer == null || config.mode() != PolicyMode.HSRL)) {
            throw new IllegalArgumentException("behaviour contrast and anchor need hsrl mode and a behaviour loss (behaviorLr > 0)");
        }
        this.cloning = c;
    }

    /** Whether the clone has been frozen as the actor's anchor (see {@link BehaviorCloning#anchor()}). */
    public boolean anchored() {
        return anchorPolicy != null;
    }

    /** Behaviour steps taken so far (they stop once the clone is anchored). */
    long behaviorSteps() {
        return behaviorSteps;
    }

    /**
     * hsrl mode, eval mode: {@code log π(item | history)} of each listed item's token path under the trie-masked
     * policy, row-major (histories × items).
     */
    float[] pathLogProbs(int[][] histories, int[] itemList) {
        int m = histories.length;
        int n = itemList.length;
        int[] stateRow = new int[m * n];
        int[][] tokens = new int[m * n][];
        for (int b = 0; b < m; b++) {
            for (int j = 0; j < n; j++) {
                stateRow[b * n + j] = b;
                tokens[b * n + j] = sidOfItem[itemList[j]];
            }
        }
        try (NDManager step = manager.newSubManager(); NDScope ignored = new NDScope()) {
            NDArray x = step.create(environmentFeatures.of(histories), new Shape(m, config.maxSeqLen(), items.dimension()));
            List<NDArray> masked = trieMasked(actor.teacherForce(actor.state(x, false), stateRow, tokens), tokens);
            NDArray sum = null;
            for (int l = 0; l < masked.size(); l++) {
                NDArray logp = Scalars.div(masked.get(l), config.sidTemperature()).logSoftmax(-1);
                NDArray chosen = logp.mul(HierarchicalPolicy.oneHotRows(step, tokens, l, (int) logp.getShape().get(1)))
                        .sum(new int[] {1});
                sum = sum == null ? chosen : sum.add(chosen);
            }
            return sum.toFloatArray();
        }
    }

    /**
     * hsrl mode: as {@link #cloneLoggedSlates}, with the logged items that converted as the demonstrations (the
     * conversions objective's own outcome) instead of the clicked ones. The logs must carry conversions.
     */
    public void cloneLoggedConversions(LoggedSlates logs) {
        if (!logs.hasConversions()) {
            throw new IllegalArgumentException(logs.source() + ": the logs carry no conversions to clone");
        }
        cloneLoggedSlates(logs);
        this.cloneConversions = true;
    }

    private ReplayBuffer.Sample loggedSample() {
        java.util.SplittableRandom rows = new java.util.SplittableRandom(seed * 0x9E3779B97F4A7C15L + behaviorSteps);
        int m = config.batchSize();
        int k = config.slateSize();
        int[][] histories = new int[m][config.maxSeqLen()];
        int[][] actions = new int[m][k];
        float[][] feedback = new float[m][k];
        for (int b = 0; b < m; b++) {
            int row = rows.nextInt(behaviorLogs.rows());
            behaviorLogs.copyHistory(row, histories[b], 0);
            behaviorLogs.copySlate(row, actions[b], 0);
            if (cloneConversions) {
                for (int q = 0; q < k; q++) {
                    feedback[b][q] = behaviorLogs.conversion(row, q);
                }
            } else {
                behaviorLogs.copyFeedback(row, feedback[b], 0);
            }
        }
        return new ReplayBuffer.Sample(histories, null, actions, new float[m], new boolean[m], feedback);
    }

    /**
     * The behaviour loss on the same minibatch after the actor step (§7.4 step 5), with its own Adam. reference mode:
     * the ML1M agent's {@code BCE(σ(π_slate), y)}, π_slate the product of the level marginals of each replayed slate
     * item renormalised over the slate. hsrl mode: the negative log-likelihood of the clicked items' token paths under
     * the trie-masked coarse-to-fine policy (a clicked item is a demonstration of a good path). Returns the loss.
     */
    double behaviorStep(ReplayBuffer.Sample replayed) {
        ReplayBuffer.Sample batch = behaviorLogs == null ? replayed : loggedSample();
        HistoryFeatures features = behaviorLogs == null ? replayFeatures : environmentFeatures;
        behaviorSteps++;
        int m = batch.rewards().length;
        double value;
        try (NDManager step = manager.newSubManager(); NDScope ignored = new NDScope()) {
            NDArray x = step.create(features.of(batch.histories()), new Shape(m, config.maxSeqLen(), items.dimension()));
            try (GradientCollector gc = manager.getEngine().newGradientCollector()) {
                NDArray s = actor.state(x, true);
                NDArray loss = config.mode() == PolicyMode.HSRL ? clickedPathNll(s, batch) : referenceBehaviorLoss(s, batch);
                gc.backward(loss);
                value = loss.getFloat();
            }
        }
        behaviorOptimizer.step();
        actor.parameters().zeroGradients();
        return value;
    }

    private NDArray clickedPathNll(NDArray s, ReplayBuffer.Sample batch) {
        int m = batch.rewards().length;
        int k = config.slateSize();
        float[] clicked = new float[m * k];
        float clicks = 0;
        for (int b = 0; b < m; b++) {
            for (int j = 0; j < k; j++) {
                clicked[b * k + j] = batch.feedback()[b][j] > 0 ? 1f : 0f;
                clicks += clicked[b * k + j];
            }
        }
        SlateRows slateRows = slateRows(batch);
        int[][] tokens = slateRows.tokens();
        List<NDArray> masked = trieMasked(actor.teacherForce(s, slateRows.stateRow(), tokens), tokens);
        NDManager sm = s.getManager();
        NDArray pathLogProb = null;
        for (int l = 0; l < masked.size(); l++) {
            NDArray logp = masked.get(l).logSoftmax(-1);
            NDArray chosen = logp.mul(HierarchicalPolicy.oneHotRows(sm, tokens, l, (int) logp.getShape().get(1))).sum(new int[] {1});
            pathLogProb = pathLogProb == null ? chosen : pathLogProb.add(chosen);
        }
        NDArray clickedMask = sm.create(clicked);
        NDArray loss = Scalars.div(pathLogProb.mul(clickedMask).sum().neg(), Math.max(1f, clicks));
        if (cloning.contrast() > 0) {
            // log(π(i) / Σ_{j∈slate} π(j)) of every slate item, a log-sum-exp over the slate's K paths
            NDArray perSlate = pathLogProb.reshape(m, k);
            NDArray top = perSlate.max(new int[] {1}, true).stopGradient();
            NDArray logSum = perSlate.sub(top).exp().sum(new int[] {1}, true).log().add(top);
            NDArray withinSlate = perSlate.sub(logSum).reshape(m * k);
            NDArray contrast = Scalars.div(withinSlate.mul(clickedMask).sum().neg(), Math.max(1f, clicks));
            loss = loss.add(Scalars.mul(contrast, cloning.contrast()));
        }
        return loss;
    }

    private NDArray referenceBehaviorLoss(NDArray s, ReplayBuffer.Sample batch) {
        int m = batch.rewards().length;
        int k = config.slateSize();
        HierarchicalPolicy.SoftPass pass = actor.softPass(s);
        NDManager sm = s.getManager();
        NDArray product = null;
        for (int l = 0; l < pass.logits().size(); l++) {
            NDArray q = pass.logits().get(l).softmax(-1); // (M, V)
            int v = (int) q.getShape().get(1);
            float[] hot = new float[m * k * v];
            for (int b = 0; b < m; b++) {
                for (int j = 0; j < k; j++) {
                    hot[(b * k + j) * v + sidOfItem[batch.actions()[b][j]][l]] = 1f;
                }
            }
            NDArray marginal = q.expandDims(1).mul(sm.create(hot, new Shape(m, k, v))).sum(new int[] {2}); // (M, K)
            product = product == null ? marginal : product.mul(marginal);
        }
        NDArray slate = product.div(product.sum(new int[] {1}, true).add(A2cLosses.LOG_EPS));
        float[] y = new float[m * k];
        for (int b = 0; b < m; b++) {
            for (int j = 0; j < k; j++) {
                y[b * k + j] = batch.feedback()[b][j];
            }
        }
        return ItemScoring.bceWithLogits(slate, sm.create(y, new Shape(m, k))).mean();
    }

    /** Row {@code b·K + j} of a replayed minibatch is slate b's j-th item: the state row it starts from, its SID. */
    private record SlateRows(int[] stateRow, int[][] tokens) {
    }

    private SlateRows slateRows(ReplayBuffer.Sample batch) {
        int m = batch.rewards().length;
        int k = config.slateSize();
        int[] stateRow = new int[m * k];
        int[][] tokens = new int[m * k][];
        for (int b = 0; b < m; b++) {
            for (int j = 0; j < k; j++) {
                stateRow[b * k + j] = b;
                tokens[b * k + j] = sidOfItem[batch.actions()[b][j]];
            }
        }
        return new SlateRows(stateRow, tokens);
    }

    /** The level logits of teacher-forced token paths with every token outside the trie masked (finite, −1e9). */
    private List<NDArray> trieMasked(HierarchicalPolicy.TokenPaths paths, int[][] tokens) {
        int rows = tokens.length;
        NDManager sm = paths.logits().get(0).getManager();
        List<NDArray> masked = new ArrayList<>();
        for (int l = 0; l < actor.levels(); l++) {
            int v = actor.config().vocabulary()[l];
            float[] mask = new float[rows * v];
            java.util.Arrays.fill(mask, A2cLosses.MASKED);
            for (int r = 0; r < rows; r++) {
                for (int t : index.children(tokens[r], l)) {
                    mask[r * v + t] = 0f;
                }
                mask[r * v + tokens[r][l]] = 0f; // a replayed item may have retired since (churn): its path stays finite
            }
            masked.add(paths.logits().get(l).add(sm.create(mask, new Shape(rows, v))));
        }
        return masked;
    }

    private UpdateReport referenceLosses(GradientCollector gc, ReplayBuffer.Sample batch, NDArray s, float[] q, NDArray qArray) {
        HierarchicalPolicy.SoftPass pass = actor.softPass(s);
        NDArray contexts = pass.contexts().stopGradient();
        NDArray perContext = critic.value(contexts, true); // (M, L+1)
        NDArray v = perContext.mean(new int[] {1});
        NDArray criticLoss = v.sub(qArray).square().mean();
        float[] values = v.toFloatArray();
        float[] advantage = new float[q.length];
        double meanAdvantage = 0;
        for (int b = 0; b < q.length; b++) {
            advantage[b] = (float) (A2cLosses.clip(q[b] - values[b]) + config.advantageBias());
            meanAdvantage += advantage[b] / q.length;
        }
        int[][][] tokens = new int[q.length][][];
        for (int b = 0; b < q.length; b++) {
            tokens[b] = new int[batch.actions()[b].length][];
            for (int k = 0; k < tokens[b].length; k++) {
                tokens[b][k] = sidOfItem[batch.actions()[b][k]];
            }
        }
        A2cLosses.Terms actorTerms = A2cLosses.referenceActor(pass.logits(), tokens, s.getManager().create(advantage),
                config.entropyCoef());
        gc.backward(actorTerms.loss().add(criticLoss));
        float[] levelMeans = perContext.mean(new int[] {0}).toFloatArray();
        return new UpdateReport(actorTerms.loss().getFloat(), criticLoss.getFloat(), mean(q), mean(values),
                meanAdvantage, toDouble(levelMeans), actorTerms.entropies());
    }

    private UpdateReport hsrlLosses(GradientCollector gc, ReplayBuffer.Sample batch, NDArray x, NDArray s, float[] q,
                                    NDArray qArray) {
        int m = q.length;
        int k = config.slateSize();
        int levels = actor.levels();
        int rows = m * k;
        HsrlLearning learning = config.hsrl();
        SlateRows slateRows = slateRows(batch);
        int[][] tokens = slateRows.tokens();
        HierarchicalPolicy.TokenPaths paths = actor.teacherForce(s, slateRows.stateRow(), tokens);
        List<NDArray> masked = trieMasked(paths, tokens);
        float[] itemQ = itemTargets(batch, q, learning.itemCredit()); // (rows), row b*k+j: slate b's j-th item
        // V_0(s) on the state (the slate's return: it is what bootstraps V(s')), V_l(s, z_<l) on the context of the
        // chosen prefix (the item's own return); the critic does not train the actor
        NDArray v1 = critic.value(s.stopGradient(), true); // (M)
        NDArray criticLoss = v1.sub(qArray).square().mean();
        NDArray qRows = s.getManager().create(itemQ);
        float[][] levelValues = new float[levels][];
        levelValues[0] = v1.toFloatArray();
        for (int l = 1; l < levels; l++) {
            NDArray vl = critic.value(paths.contexts().get(l).stopGradient(), true); // (rows)
            criticLoss = criticLoss.add(vl.sub(qRows).square().mean());
            levelValues[l] = vl.toFloatArray();
        }
        criticLoss = Scalars.div(criticLoss, levels);
        float[][] advantage = new float[rows][];
        float[] path = new float[levels];
        double bound = learning.advantageBound();
        for (int r = 0; r < rows; r++) {
            int b = r / k;
            if (learning.tokenCritic()) {
                path[0] = levelValues[0][b];
                for (int l = 1; l < levels; l++) {
                    path[l] = levelValues[l][r];
                }
                advantage[r] = A2cLosses.levelAdvantages(path, itemQ[r], config.advantageBias(), learning.tokenLambda(),
                        bound);
            } else { // one value: every level gets the item's advantage against the state value
                advantage[r] = new float[levels];
                double a = Math.max(-bound, Math.min(bound, itemQ[r] - levelValues[0][b]));
                java.util.Arrays.fill(advantage[r], (float) (a + config.advantageBias()));
            }
        }
        double[][] raw = A2cLosses.levelMoments(advantage);
        if (learning.advantageNorm()) {
            A2cLosses.normalisePerLevel(advantage);
        }
        boolean actorLearns = criticOptimizer.steps() >= learning.criticWarmup();
        double[] coefs = entropyCoefs(masked);
        A2cLosses.Terms actorTerms = A2cLosses.hsrlActor(masked, tokens, advantage, config.sidTemperature(), coefs);
        NDArray actorLoss = actorTerms.loss();
        if (actorLearns && cloning.anchor() > 0) {
            if (anchorPolicy == null) {
                anchorPolicy = actor.targetCopy(manager);
            }
            actorLoss = actorLoss.add(Scalars.mul(anchorKl(x, slateRows, masked), cloning.anchor()));
        }
        gc.backward(actorLearns ? actorLoss.add(criticLoss) : criticLoss);
        skipActorStep = !actorLearns;
        if (actorLearns && learning.entropyTarget() > 0) {
            adaptEntropyCoefs(masked, actorTerms.entropies());
        }
        double[] means = new double[levels];
        for (int l = 0; l < levels; l++) {
            means[l] = mean(levelValues[l]);
        }
        if (diagnosticsOn) {
            diagnostics = diagnose(masked, tokens, advantage, raw, levelValues, q, itemQ, actorTerms.entropies());
        }
        return new UpdateReport(actorTerms.loss().getFloat(), criticLoss.getFloat(), mean(q), means[0],
                java.util.Arrays.stream(raw[0]).sum(), means, actorTerms.entropies());
    }

    /** {@code Σ_l KL(π_clone,l ‖ π_l)} at the teacher-forced prefixes of the replayed paths, mean over the rows. */
    private NDArray anchorKl(NDArray x, SlateRows slateRows, List<NDArray> masked) {
        NDArray sAnchor = anchorPolicy.state(x, false);
        List<NDArray> anchorMasked = trieMasked(anchorPolicy.teacherForce(sAnchor, slateRows.stateRow(), slateRows.tokens()),
                slateRows.tokens());
        double tau = config.sidTemperature();
        NDArray kl = null;
        for (int l = 0; l < masked.size(); l++) {
            NDArray logpAnchor = Scalars.div(anchorMasked.get(l), tau).logSoftmax(-1).stopGradient();
            NDArray logp = Scalars.div(masked.get(l), tau).logSoftmax(-1);
            NDArray level = logpAnchor.exp().mul(logpAnchor.sub(logp)).sum(new int[] {1}).mean();
            kl = kl == null ? level : kl.add(level);
        }
        return kl;
    }

    /** This step's entropy coefficient per level: the agent's one, or the adapted ones of an entropy target. */
    private double[] entropyCoefs(List<NDArray> masked) {
        if (levelEntropyCoefs == null) {
            levelEntropyCoefs = new double[masked.size()];
            java.util.Arrays.fill(levelEntropyCoefs, config.entropyCoef());
        }
        return levelEntropyCoefs.clone();
    }

    /**
     * One step of each level's log entropy coefficient towards its target entropy {@code entropyTarget · ln V_l}
     * ({@link HsrlLearning#ENTROPY_TARGET_RATE} per nat of difference), within
     * [{@code entropyCoef}·{@link HsrlLearning#MIN_ENTROPY_SCALE}, {@code entropyCoef}].
     */
    private void adaptEntropyCoefs(List<NDArray> masked, double[] entropies) {
        double max = config.entropyCoef();
        double min = max * HsrlLearning.MIN_ENTROPY_SCALE;
        for (int l = 0; l < levelEntropyCoefs.length; l++) {
            double target = config.hsrl().entropyTarget() * Math.log(masked.get(l).getShape().get(1));
            double next = levelEntropyCoefs[l] * Math.exp(HsrlLearning.ENTROPY_TARGET_RATE * (target - entropies[l]));
            levelEntropyCoefs[l] = Math.max(min, Math.min(max, next));
        }
    }

    /** The entropy coefficient of each level in the last gradient step (all equal without an entropy target). */
    public double[] levelEntropyCoefs() {
        return levelEntropyCoefs == null ? null : levelEntropyCoefs.clone();
    }

    /**
     * Each replayed slate item's TD target: the slate's {@code Q_b} plus {@code credit · (y_{b,j} − ȳ_b)}, its own
     * signal against the slate's mean (the shares sum to the slate's return); the signal is the objective's
     * ({@link ReplayBuffer.Sample#credit()}: the click under engagement, conversion − λ·cost under conversions).
     */
    static float[] itemTargets(ReplayBuffer.Sample batch, float[] q, double credit) {
        int m = q.length;
        float[][] y = batch.credit();
        int k = y[0].length;
        float[] out = new float[m * k];
        for (int b = 0; b < m; b++) {
            double mean = 0;
            for (int j = 0; j < k; j++) {
                mean += y[b][j] / k;
            }
            for (int j = 0; j < k; j++) {
                out[b * k + j] = (float) (q[b] + credit * (y[b][j] - mean));
            }
        }
        return out;
    }

    /**
     * Per-level learning signals of the last gradient step (hsrl mode), when {@link #diagnostics(boolean)} is on:
     * the advantages before normalisation, the norms of the policy-gradient and entropy parts of the gradient at the
     * level's logits, entropies, and the critic's values against its targets.
     */
    public record Diagnostics(double[] advantageMean, double[] advantageSd, double[] policyGradientNorm,
                              double[] entropyGradientNorm, double[] entropy, double[] valueMean, double[] valueTargetMean,
                              double[] valueRmse, boolean actorLearns) {
    }

    private double[] levelEntropyCoefs;
    private boolean diagnosticsOn;
    private Diagnostics diagnostics;
    private boolean skipActorStep;

    /** Turns the per-level measurements of {@link #lastDiagnostics()} on or off (they cost a few host copies). */
    public void diagnostics(boolean on) {
        diagnosticsOn = on;
    }

    public Diagnostics lastDiagnostics() {
        return diagnostics;
    }

    private Diagnostics diagnose(List<NDArray> masked, int[][] tokens, float[][] advantage, double[][] raw,
                                 float[][] levelValues, float[] q, float[] itemQ, double[] entropies) {
        int levels = masked.size();
        int rows = tokens.length;
        int k = config.slateSize();
        double tau = config.sidTemperature();
        double beta = config.entropyCoef();
        double[] pg = new double[levels];
        double[] ent = new double[levels];
        double[] vMean = new double[levels];
        double[] tMean = new double[levels];
        double[] rmse = new double[levels];
        for (int l = 0; l < levels; l++) {
            NDArray p = Scalars.div(masked.get(l), tau).softmax(-1);
            int v = (int) p.getShape().get(1);
            float[] pa = p.toFloatArray();
            // at level 0 the K rows of a slate share one context: their gradients add up per state
            int groups = l == 0 ? rows / k : rows;
            double[] gp = new double[groups * v];
            double[] ge = new double[groups * v];
            for (int r = 0; r < rows; r++) {
                int g = l == 0 ? r / k : r;
                double h = 0;
                for (int t = 0; t < v; t++) {
                    double pt = pa[r * v + t];
                    h += pt > 0 ? pt * Math.log(pt) : 0;
                }
                for (int t = 0; t < v; t++) {
                    double pt = pa[r * v + t];
                    gp[g * v + t] += -advantage[r][l] / rows * ((t == tokens[r][l] ? 1 : 0) - pt) / tau;
                    ge[g * v + t] += beta / rows * (pt > 0 ? pt * (Math.log(pt) - h) : 0) / tau;
                }
            }
            pg[l] = norm(gp);
            ent[l] = norm(ge);
            double se = 0;
            double ts = 0;
            int n = levelValues[l].length;
            for (int i = 0; i < n; i++) {
                double target = l == 0 ? q[i] : itemQ[i];
                ts += target / n;
                se += (levelValues[l][i] - target) * (levelValues[l][i] - target) / n;
            }
            vMean[l] = mean(levelValues[l]);
            tMean[l] = ts;
            rmse[l] = Math.sqrt(se);
        }
        return new Diagnostics(raw[0], raw[1], pg, ent, entropies.clone(), vMean, tMean, rmse, !skipActorStep);
    }

    private static double norm(double[] a) {
        double s = 0;
        for (double x : a) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    private static double mean(float[] a) {
        double s = 0;
        for (float x : a) {
            s += x;
        }
        return a.length == 0 ? 0 : s / a.length;
    }

    private static double[] toDouble(float[] a) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i];
        }
        return out;
    }

    /** Everything a checkpoint holds for the networks: parameters, targets, optimiser states, by file name. */
    @Override
    public Map<String, byte[]> state() {
        return checkpointFiles().encode();
    }

    @Override
    public void restore(Map<String, byte[]> state, String source) {
        checkpointFiles().restore(state, source);
    }

    private ActorCriticState checkpointFiles() {
        return new ActorCriticState(actor.parameters(), actorTarget.parameters(), critic.parameters(),
                criticTarget.parameters(), actorOptimizer, criticOptimizer, behaviorOptimizer);
    }

    /** Only the actor (serving and evaluation need nothing else). */
    public void restoreActor(byte[] actorParameters, String source) {
        actor.parameters().decode(actorParameters, source);
    }

    @Override
    public void close() {
        if (scorer != null) {
            scorer.close();
        }
        actorOptimizer.close();
        criticOptimizer.close();
        if (behaviorOptimizer != null) {
            behaviorOptimizer.close();
        }
        manager.close();
    }
}
