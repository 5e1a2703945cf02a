package io.hsrl.serving.model;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.hsrl.artifact.CheckpointManifest;
import io.hsrl.core.agent.AgentConfig;
import io.hsrl.core.agent.CatalogueSids;
import io.hsrl.core.agent.SupervisedAgent;
import io.hsrl.core.data.ItemFeatures;
import io.hsrl.core.data.LogDataset;
import io.hsrl.core.engine.ComputeDevice;
import io.hsrl.store.ObjectStore;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * A supervised (behaviour-cloning) checkpoint served greedily: the model a team runs before reinforcement learning,
 * the control arm of an experiment against HSRL. The history's last H known items give the state; every catalogue
 * item is scored by {@code ⟨s, item_map(feat_i)⟩} and the best K that are not excluded form the slate, as the trainer's
 * greedy evaluation ranks them. Slates carry the items' SIDs from the index the manifest names.
 *
 * <p>From the checkpoint: {@code agent.json} and {@code actor.bin}; from the manifest: the index and the dataset
 * whose item features (and logged rows, which the agent is built on) the policy reads.
 */
public final class ServedSupervisedPolicy implements LoadedPolicy {
    public static final String ALGORITHM = "sl";

    private final NDManager root;
    private final SupervisedAgent agent;
    private final AgentConfig config;
    private final ItemFeatures features;
    private final CatalogueSids sids;
    private final ModelDescription description;

    private ServedSupervisedPolicy(NDManager root, SupervisedAgent agent, AgentConfig config, ItemFeatures features,
                                   CatalogueSids sids, ModelDescription description) {
        this.root = root;
        this.agent = agent;
        this.config = config;
        this.features = features;
        this.sids = sids;
        this.description = description;
    }

    public static ServedSupervisedPolicy load(ModelArtifacts artifacts, ObjectStore store, PolicyOptions options)
            throws ModelLoadException {
        String source = artifacts.manifestUri();
        CheckpointManifest m = artifacts.manifest();
        AgentConfig config = ServedInputs.agentConfig(artifacts);
        LogDataset data = ServedInputs.trainingData(artifacts, store, config);
        ItemFeatures features = data.features();
        CatalogueSids sids = ServedInputs.sids(artifacts, features);
        byte[] actor = artifacts.file(ServedHierarchicalPolicy.ACTOR_FILE);
        Device device = ComputeDevice.resolve(options.device());
        NDManager root = NDManager.newBaseManager(device);
        try {
            SupervisedAgent agent;
            try {
                agent = new SupervisedAgent(root, config, data.train(), m.seed());
                agent.restoreActor(actor, source + " " + ServedHierarchicalPolicy.ACTOR_FILE);
            } catch (IllegalArgumentException e) {
                throw new ModelLoadException(source + ": " + e.getMessage(), e);
            }
            ModelDescription description = ServedInputs.description(artifacts, device, config, null, sids,
                    details -> { });
            return new ServedSupervisedPolicy(root, agent, config, features, sids, description);
        } catch (ModelLoadException | RuntimeException e) {
            root.close();
            throw e;
        }
    }

    /** Serialised, as the hierarchical policy: one forward pass at a time. */
    @Override
    public synchronized List<Slate> recommend(List<SlateRequest> batch) {
        ServedInputs.Requests requests = ServedInputs.Requests.of(batch, features, config.maxSeqLen());
        float[] scores = agent.scores(requests.histories());
        int m = agent.items();
        List<Slate> out = new ArrayList<>(batch.size());
        for (int r = 0; r < batch.size(); r++) {
            int[] top = best(scores, r * m, m, batch.get(r).slateSize(), requests.excluded().get(r));
            float[] topScores = new float[top.length];
            for (int c = 0; c < top.length; c++) {
                topScores[c] = scores[r * m + top[c]];
            }
            out.add(ServedInputs.slate(top, topScores, top.length, requests.unknown()[r], features, sids));
        }
        return out;
    }

    /** The {@code k} highest-scoring items not excluded, best first (ties to the lower index). */
    static int[] best(float[] scores, int from, int items, int k, Set<Integer> excluded) {
        PriorityQueue<Integer> heap = new PriorityQueue<>(k + 1, (a, c) -> {
            int cmp = Float.compare(scores[from + a], scores[from + c]);
            return cmp != 0 ? cmp : Integer.compare(c, a);
        });
        for (int i = 0; i < items; i++) {
            if (excluded.contains(i)) {
                continue;
            }
            heap.add(i);
            if (heap.size() > k) {
                heap.poll();
            }
        }
        int[] out = new int[heap.size()];
        for (int c = out.length - 1; c >= 0; c--) {
            out[c] = heap.poll();
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
        agent.close();
        root.close();
    }
}
