package io.hsrl.operator.testing;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hsrl.api.v1alpha1.CatalogSource;
import io.hsrl.api.v1alpha1.HsrlTraining;
import io.hsrl.api.v1alpha1.InteractionData;
import io.hsrl.api.v1alpha1.LocalObjectReference;
import io.hsrl.api.v1alpha1.SemanticIndex;
import io.hsrl.artifact.IndexStats;
import io.hsrl.artifact.LatestCheckpoint;
import io.hsrl.artifact.TrainingMetricsRecord;
import io.hsrl.artifact.TrainingProgressRecord;

import java.util.List;

/** Resources and artefacts as users and the trainer write them. */
public final class Fixtures {
    private Fixtures() {
    }

    /** The operator's configuration with its defaults, outside Quarkus. */
    public static io.hsrl.operator.config.OperatorConfig config() {
        return new io.smallrye.config.SmallRyeConfigBuilder().withMapping(io.hsrl.operator.config.OperatorConfig.class)
                .withConverter(java.time.Duration.class, 100, new io.quarkus.runtime.configuration.DurationConverter())
                .build().getConfigMapping(io.hsrl.operator.config.OperatorConfig.class);
    }

    public static SemanticIndex index(String ns, String name) {
        SemanticIndex index = new SemanticIndex();
        index.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
        index.getSpec().catalog = new CatalogSource();
        index.getSpec().catalog.uri = "s3://datasets/rl4rs/item_info.csv";
        index.getSpec().catalog.format = io.hsrl.contracts.ItemVectorFormat.RL4RS;
        index.getSpec().levels = 3;
        index.getSpec().codebookSize = 64;
        index.getSpec().seed = 11L;
        return index;
    }

    public static HsrlTraining training(String ns, String name, String indexName) {
        HsrlTraining t = new HsrlTraining();
        t.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
        t.getSpec().semanticIndexRef = new LocalObjectReference(indexName);
        t.getSpec().data = new InteractionData();
        t.getSpec().data.uri = "s3://datasets/rl4rs/b";
        t.getSpec().iterations = 3000;
        t.getSpec().checkpointEvery = 1000;
        return t;
    }

    public static IndexStats stats(long items, long colliding, List<Double> utilisation) {
        return new IndexStats(IndexStats.SCHEMA_VERSION, items, items, colliding, (double) colliding / items, 2,
                utilisation.size(), 64, utilisation.size() + 1, 32, true, "extraLevel", 11L, utilisation,
                utilisation, 0.125, 4.5, IndexStats.CODEBOOK_FILE, IndexStats.ITEM_MAP_FILE, "c0ffee", "beef");
    }

    public static TrainingProgressRecord progress(long iteration, long total, double reward) {
        return new TrainingProgressRecord(TrainingProgressRecord.SCHEMA_VERSION, TrainingProgressRecord.STATE_RUNNING,
                iteration, total, 100.0 * iteration / total, 30L, 50.0, 20.0,
                new TrainingMetricsRecord(reward, reward - 1, reward + 1, 7.5, 0.25, 0.5, 3.0,
                        List.of(1.0, 2.0, 3.0), List.of(0.3, 0.2, 0.1), 100L,
                        new io.hsrl.artifact.TrainingObjectiveRecord("conversions", "+0%", 0.36, 0.36, 0.62, 0.35, 0.9,
                                1.25, true, 14400L)),
                null, null, null, "2026-01-01T00:00:00Z");
    }

    public static LatestCheckpoint latest(long iteration, boolean complete, double... rewards) {
        List<LatestCheckpoint.Entry> entries = new java.util.ArrayList<>();
        for (int i = 0; i < rewards.length; i++) {
            long it = (i + 1) * 1000L;
            entries.add(new LatestCheckpoint.Entry(it, it + "/manifest.json", rewards[i]));
        }
        return new LatestCheckpoint(LatestCheckpoint.SCHEMA_VERSION, iteration, iteration + "/manifest.json",
                complete, entries);
    }

    public static List<Event> events(KubernetesClient client, String ns, String name) {
        return client.v1().events().inNamespace(ns).list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName())).toList();
    }
}
