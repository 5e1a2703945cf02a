package io.hsrl.serving.testing;

import ai.djl.ndarray.NDManager;
import io.hsrl.artifact.CheckpointManifest;
import io.hsrl.contracts.KMeansMode;
import io.hsrl.core.agent.AgentConfig;
import io.hsrl.core.agent.CatalogueSids;
import io.hsrl.core.agent.Checkpoints;
import io.hsrl.core.agent.HsrlAgent;
import io.hsrl.core.agent.TrainingRun;
import io.hsrl.core.data.ItemFeatures;
import io.hsrl.core.data.LogDataset;
import io.hsrl.contracts.LogFormat;
import io.hsrl.core.data.LogReaders;
import io.hsrl.core.data.SyntheticWorld;
import io.hsrl.core.data.SyntheticWriter;
import io.hsrl.contracts.PolicyMode;
import io.hsrl.core.sid.BuildProgress;
import io.hsrl.contracts.CollisionStrategy;
import io.hsrl.core.sid.IndexBuilder;
import io.hsrl.core.sid.IndexOptions;
import io.hsrl.core.sid.ItemSidMap;
import io.hsrl.core.sid.SidIndex;
import io.hsrl.serving.model.ServedHierarchicalPolicy;
import io.hsrl.store.Json;
import io.hsrl.store.ObjectStore;
import io.hsrl.store.ObjectUri;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Publishes a real small HSRL model the way the pipeline does: a synthetic RL4RS-format dataset ({@code data/}), its
 * Semantic-ID index built by balanced residual k-means ({@code index/}), and a seeded Hierarchical Policy (an
 * initialised agent) as a checkpoint through {@link Checkpoints} (files, manifest with digests, latest.json).
 */
public final class TestModels {
    public static final int HISTORY = 10;
    public static final int SLATE = 10;
    public static final int BEAM = 16;

    private TestModels() {
    }

    /** A published model and everything needed to compute its answers independently. */
    public record Published(String latestUri, String manifestUri, String actorUri, String indexUri, String dataUri,
                            AgentConfig config, ItemFeatures features, ItemSidMap itemMap, byte[] actor, long seed) {
        public long id(int item) {
            return features.items().id(item);
        }

        public int[] sidOf(long id) {
            return itemMap.sid(itemMap.indexOf(id));
        }

        /**
         * The agent's own greedy slates (HsrlAgent.act, slate size {@link #SLATE}, beam {@link #BEAM}) for histories
         * of item ids, most recent last: what the server must answer.
         */
        public long[][] agentSlates(long[]... histories) {
            int[][] dense = new int[histories.length][HISTORY];
            for (int r = 0; r < histories.length; r++) {
                Arrays.fill(dense[r], ItemFeatures.PADDING);
                int n = Math.min(HISTORY, histories[r].length);
                for (int t = 0; t < n; t++) {
                    dense[r][HISTORY - n + t] = features.items().indexOf(histories[r][histories[r].length - n + t]);
                }
            }
            try (NDManager root = NDManager.newBaseManager();
                 HsrlAgent agent = new HsrlAgent(root, config, new CatalogueSids(itemMap, features.items()), features,
                         seed + 1)) {
                agent.restoreActor(actor, "test");
                int[][] items = agent.act(dense, false, new Random(0)).items();
                long[][] out = new long[items.length][];
                for (int r = 0; r < items.length; r++) {
                    out[r] = Arrays.stream(items[r]).mapToLong(this::id).toArray();
                }
                return out;
            }
        }
    }

    public static Published publish(ObjectStore store, String prefix, int items, PolicyMode mode, long seed)
            throws IOException {
        SyntheticWorld world = SyntheticWorld.create(SyntheticWorld.Config.of(items, 30, seed).withRowsPerUser(2));
        String dataUri = ObjectUri.resolve(prefix, "data");
        new SyntheticWriter(world, world.log(LogFormat.RL4RS)).write(store, dataUri, LogFormat.RL4RS);
        AgentConfig config = withBeam(AgentConfig.defaults(mode).withSizes(8, 16, 1000, 40, SLATE, HISTORY, 16, 2, 1, 32,
                new int[] {16, 8}));
        LogDataset data = LogReaders.read(store, dataUri, LogFormat.RL4RS,
                new LogReaders.Options(config.slateSize(), config.maxSeqLen(), seed));
        ItemFeatures features = data.features();
        int codebookSize = Math.max(4, (int) Math.ceil(Math.cbrt(items)));
        SidIndex index = IndexBuilder.build(features.items(),
                new IndexOptions(3, codebookSize, KMeansMode.BALANCED, seed, CollisionStrategy.EXTRA_LEVEL, 5),
                BuildProgress.NONE);
        String indexUri = ObjectUri.resolve(prefix, "index");
        index.write(store, indexUri);
        Map<String, byte[]> files = new LinkedHashMap<>();
        byte[] actor;
        try (NDManager root = NDManager.newBaseManager();
             HsrlAgent agent = new HsrlAgent(root, config, new CatalogueSids(index.itemMap(), features.items()),
                     features, seed)) {
            files.putAll(agent.state());
            actor = files.get(ServedHierarchicalPolicy.ACTOR_FILE);
        }
        files.put(TrainingRun.AGENT_FILE, Json.write(config));
        String out = ObjectUri.resolve(prefix, "training");
        CheckpointManifest template = new CheckpointManifest(CheckpointManifest.SCHEMA_VERSION, 10, 10, null, "hsrl",
                mode.value(), seed, ObjectUri.resolve(indexUri, "stats.json"), null, dataUri, LogFormat.RL4RS.value(),
                null, Map.of("dModel", 16), null);
        Checkpoints checkpoints = new Checkpoints(store, out);
        String manifestUri = checkpoints.publish(template, files, true);
        return new Published(checkpoints.latestUri(), manifestUri,
                ObjectUri.resolve(ObjectUri.parent(manifestUri), ServedHierarchicalPolicy.ACTOR_FILE), indexUri, dataUri,
                config, features, index.itemMap(), actor, seed);
    }

    private static AgentConfig withBeam(AgentConfig c) {
        return new AgentConfig(c.mode(), c.quirks(), c.actorLr(), c.criticLr(), c.actorDecay(), c.criticDecay(),
                c.gamma(), c.entropyCoef(), c.targetMitigateCoef(), c.advantageBias(), c.episodeBatchSize(),
                c.batchSize(), c.bufferSize(), c.startTimestamp(), c.slateSize(), c.maxSeqLen(), c.dModel(), c.nHead(),
                c.nLayer(), c.dForward(), c.dropout(), c.criticHiddenDims(), c.criticDropout(), c.sidTemperature(), BEAM,
                c.behaviorLr(), c.behaviorDecay());
    }

    /** Flips one byte of the actor's parameters, leaving the manifest's digest as it was (a corrupt model). */
    public static void corrupt(ObjectStore store, Published model) throws IOException {
        byte[] b = store.read(model.actorUri());
        b[b.length / 2] ^= 0x5a;
        store.write(model.actorUri(), b);
    }
}
