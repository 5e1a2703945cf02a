package io.hsrl.serving.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import io.hsrl.core.agent.AgentConfig;
import io.hsrl.core.agent.CatalogueSids;
import io.hsrl.core.agent.HistoryFeatures;
import io.hsrl.core.agent.TrainingRun;
import io.hsrl.core.data.ItemFeatures;
import io.hsrl.core.engine.ComputeDevice;
import io.hsrl.core.policy.CatalogueScorer;
import io.hsrl.core.policy.HierarchicalPolicy;
import io.hsrl.core.policy.PolicyConfig;
import io.hsrl.contracts.PolicyMode;
import io.hsrl.core.policy.PrefixIndex;
import io.hsrl.core.policy.SlateDecoder;
import io.hsrl.store.ObjectStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A trained Hierarchical Policy Network served greedily (hsrl-reference.md §5, §15). The history's last H known items
 * (most recent last, padded in front) give the state; {@code hsrl} mode beam-decodes over the trie of valid SIDs, so
 * the work per user is L × V logits whatever the catalogue size; {@code reference} mode scores every catalogue item
 * by the product of its level marginals. Excluded items are decoded past (the beam asks for K + |excluded| SIDs).
 *
 * <p>From the checkpoint: {@code agent.json} (the agent's configuration) and {@code actor.bin} (the actor's
 * parameters); from the manifest: the Semantic-ID index and the dataset whose item features the policy reads.
 */
public final class ServedHierarchicalPolicy implements LoadedPolicy {
    public static final String ACTOR_FILE = "actor.bin";

    private final NDManager root;
    private final AgentConfig config;
    private final HierarchicalPolicy actor;
    private final ItemFeatures features;
    private final HistoryFeatures historyFeatures;
    private final CatalogueSids sids;
    private final SlateDecoder decoder;
    private final CatalogueScorer scorer;
    private final int beamWidth;
    private final ModelDescription description;

    private ServedHierarchicalPolicy(NDManager root, AgentConfig config, HierarchicalPolicy actor, ItemFeatures features,
                                     CatalogueSids sids, int beamWidth, ModelDescription description) {
        this.root = root;
        this.config = config;
        this.actor = actor;
        this.features = features;
        this.historyFeatures = new HistoryFeatures(features, false);
        this.sids = sids;
        this.decoder = config.mode() == PolicyMode.HSRL ? new SlateDecoder(actor, new PrefixIndex(sids)) : null;
        this.scorer = config.mode() == PolicyMode.REFERENCE ? new CatalogueScorer(root, sids) : null;
        this.beamWidth = beamWidth;
        this.description = description;
    }

    /** Whether a checkpoint holds an actor this class serves. */
    public static boolean servable(ModelArtifacts artifacts) {
        return artifacts.files().containsKey(ACTOR_FILE) && artifacts.files().containsKey(TrainingRun.AGENT_FILE);
    }

    public static ServedHierarchicalPolicy load(ModelArtifacts artifacts, ObjectStore store, PolicyOptions options)
            throws ModelLoadException {
        String source = artifacts.manifestUri();
        AgentConfig config = ServedInputs.agentConfig(artifacts);
        ItemFeatures features = ServedInputs.trainingData(artifacts, store, config).features();
        CatalogueSids sids = ServedInputs.sids(artifacts, features);
        Device device = ComputeDevice.resolve(options.device());
        NDManager root = NDManager.newBaseManager(device);
        try {
            int[] vocabulary = PolicyConfig.vocabularyFor(sids, config.mode(), config.quirks().referenceVocabulary());
            PolicyConfig pc = new PolicyConfig(config.mode(), features.dimension(), config.dModel(), config.nHead(),
                    config.nLayer(), config.dForward(), (float) config.dropout(), config.maxSeqLen(), vocabulary,
                    (float) config.sidTemperature(), config.mode() == PolicyMode.REFERENCE || config.hsrl().residualState());
            HierarchicalPolicy actor = new HierarchicalPolicy(root, pc, 0, false);
            try {
                actor.parameters().decode(artifacts.file(ACTOR_FILE), source + " " + ACTOR_FILE);
            } catch (IllegalArgumentException e) {
                throw new ModelLoadException(e.getMessage(), e);
            }
            // the serving's own setting (HsrlServing spec.beamWidth), not the one used while training
            int width = options.beamWidth();
            ModelDescription description = ServedInputs.description(artifacts, device, config, config.mode().value(),
                    sids, details -> {
                        details.put("beamWidth", width);
                        details.put("vocabulary", vocabulary);
                    });
            return new ServedHierarchicalPolicy(root, config, actor, features, sids, width, description);
        } catch (ModelLoadException | RuntimeException e) {
            root.close();
            throw e;
        }
    }

    /**
     * Serialised: one pass at a time keeps the native threads from competing on a small machine (the trie cache itself
     * is safe to share).
     */
    @Override
    public synchronized List<Slate> recommend(List<SlateRequest> batch) {
        int b = batch.size();
        int h = config.maxSeqLen();
        ServedInputs.Requests requests = ServedInputs.Requests.of(batch, features, h);
        int[][] histories = requests.histories();
        int[] unknown = requests.unknown();
        List<Set<Integer>> excluded = requests.excluded();
        int need = 1;
        for (int r = 0; r < b; r++) {
            need = Math.max(need, Math.min(sids.items(), batch.get(r).slateSize() + excluded.get(r).size()));
        }
        int[][] items;
        float[][] scores;
        try (NDManager step = root.newSubManager(); NDScope ignored = new NDScope()) {
            NDArray x = step.create(historyFeatures.of(histories), new Shape(b, h, features.dimension()));
            NDArray state = actor.state(x, false);
            if (decoder != null) {
                SlateDecoder.ScoredSlates decoded = decoder.beamScored(state, need, Math.max(beamWidth, need));
                items = decoded.slates().items();
                scores = decoded.scores();
            } else {
                NDArray logScores = scorer.logScores(actor.softPass(state).logits());
                NDList top = logScores.topK(need, -1, true, true);
                long[] idx = top.get(1).toLongArray();
                float[] val = top.get(0).toFloatArray();
                items = new int[b][need];
                scores = new float[b][need];
                for (int r = 0; r < b; r++) {
                    for (int k = 0; k < need; k++) {
                        items[r][k] = (int) idx[r * need + k];
                        scores[r][k] = val[r * need + k];
                    }
                }
            }
        }
        List<Slate> out = new ArrayList<>(b);
        for (int r = 0; r < b; r++) {
            int k = batch.get(r).slateSize();
            int[] chosen = new int[k];
            float[] chosenScores = new float[k];
            int n = 0;
            for (int c = 0; c < items[r].length && n < k; c++) {
                int i = items[r][c];
                if (i >= 0 && !excluded.get(r).contains(i)) {
                    chosen[n] = i;
                    chosenScores[n] = scores[r][c];
                    n++;
                }
            }
            out.add(ServedInputs.slate(chosen, chosenScores, n, unknown[r], features, sids));
        }
        return out;
    }

    @Override
    public ModelDescription describe() {
        return description;
    }

    @Override
    public int items() {
        return sids.items();
    }

    @Override
    public void close() {
        if (scorer != null) {
            scorer.close();
        }
        actor.close();
        root.close();
    }
}
