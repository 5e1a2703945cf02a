package io.hsrl.serving.model;

import ai.djl.Device;
import io.hsrl.artifact.CheckpointManifest;
import io.hsrl.contracts.LogFormat;
import io.hsrl.core.agent.AgentConfig;
import io.hsrl.core.agent.CatalogueSids;
import io.hsrl.core.agent.TrainingRun;
import io.hsrl.core.data.ItemFeatures;
import io.hsrl.core.data.LogDataset;
import io.hsrl.core.data.LogReaders;
import io.hsrl.store.Json;
import io.hsrl.store.ObjectStore;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What every served policy reads besides its own weights: the checkpoint's agent configuration, the training data
 * (the item features histories are read with), the index's SIDs over those items, and each request turned into item
 * indices; and what every served policy gives back: its description and slates of item indices turned into ids and
 * SIDs.
 */
final class ServedInputs {
    private ServedInputs() {
    }

    static AgentConfig agentConfig(ModelArtifacts artifacts) throws ModelLoadException {
        String source = artifacts.manifestUri();
        try {
            return Json.read(artifacts.file(TrainingRun.AGENT_FILE), AgentConfig.class, source + " " + TrainingRun.AGENT_FILE);
        } catch (IOException e) {
            throw new ModelLoadException(e.getMessage(), e);
        }
    }

    /** The data the checkpoint names (its manifest's dataUri and dataFormat), read as training read it. */
    static LogDataset trainingData(ModelArtifacts artifacts, ObjectStore store, AgentConfig config)
            throws ModelLoadException {
        String source = artifacts.manifestUri();
        CheckpointManifest m = artifacts.manifest();
        if (m.dataUri() == null || m.dataFormat() == null) {
            throw new ModelLoadException(source + ": fields 'dataUri' and 'dataFormat' are needed (the item features "
                    + "the policy reads histories with)");
        }
        try {
            return LogReaders.read(store, m.dataUri(), LogFormat.parse(m.dataFormat()),
                    new LogReaders.Options(config.slateSize(), config.maxSeqLen(), m.seed()));
        } catch (IOException | RuntimeException e) {
            throw new ModelLoadException("data " + m.dataUri() + " (" + m.dataFormat() + ") named by " + source
                    + ": " + e.getMessage(), e);
        }
    }

    static CatalogueSids sids(ModelArtifacts artifacts, ItemFeatures features) throws ModelLoadException {
        try {
            return new CatalogueSids(artifacts.index().itemMap(), features.items());
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException(artifacts.manifestUri() + ": index " + artifacts.indexUri()
                    + " does not fit the data: " + e.getMessage(), e);
        }
    }

    /**
     * The description of a policy loaded from {@code artifacts}, now; its details: the device, the data, the history
     * length, what {@code own} adds (the policy's own entries, in their order) and the index's item-map hash.
     */
    static ModelDescription description(ModelArtifacts artifacts, Device device, AgentConfig config, String mode,
                                        CatalogueSids sids, Consumer<Map<String, Object>> own) {
        CheckpointManifest m = artifacts.manifest();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("device", device.toString());
        details.put("dataUri", m.dataUri());
        details.put("historyLength", config.maxSeqLen());
        own.accept(details);
        details.put("indexItemMapSha256", String.valueOf(artifacts.index().stats().itemMapSha256()));
        return new ModelDescription(artifacts.manifestUri(), artifacts.requestedUri(), artifacts.manifestSha256(), mode,
                m.algorithm(), m.iteration(), artifacts.indexUri(), sids.items(), sids.length(), Instant.now().toString(),
                details);
    }

    /** The slate of the first {@code n} of {@code items} (catalogue indices, best first) and their scores. */
    static Slate slate(int[] items, float[] scores, int n, int unknownHistoryItems, ItemFeatures features,
                       CatalogueSids sids) {
        long[] ids = new long[n];
        int[][] slateSids = new int[n][];
        for (int c = 0; c < n; c++) {
            ids[c] = features.items().id(items[c]);
            slateSids[c] = sids.sid(items[c]);
        }
        return new Slate(ids, slateSids, n == scores.length ? scores : Arrays.copyOf(scores, n), unknownHistoryItems,
                sids.length());
    }

    /**
     * A batch of requests as item indices: each history in the environment's layout (most recent item at position
     * H−1, padding in front), how many of its ids the catalogue does not know, and the indices to exclude.
     */
    record Requests(int[][] histories, int[] unknown, List<Set<Integer>> excluded) {
        static Requests of(List<SlateRequest> batch, ItemFeatures features, int h) {
            int b = batch.size();
            int[][] histories = new int[b][h];
            int[] unknown = new int[b];
            List<Set<Integer>> excluded = new ArrayList<>(b);
            for (int r = 0; r < b; r++) {
                SlateRequest q = batch.get(r);
                int[] known = new int[q.history().length];
                int n = 0;
                for (long id : q.history()) {
                    int i = features.items().indexOf(id);
                    if (i < 0) {
                        unknown[r]++;
                    } else {
                        known[n++] = i;
                    }
                }
                Arrays.fill(histories[r], ItemFeatures.PADDING);
                int take = Math.min(n, h);
                System.arraycopy(known, n - take, histories[r], h - take, take);
                Set<Integer> ex = new HashSet<>();
                for (long id : q.exclude()) {
                    int i = features.items().indexOf(id);
                    if (i >= 0) {
                        ex.add(i);
                    }
                }
                excluded.add(ex);
            }
            return new Requests(histories, unknown, excluded);
        }
    }
}
