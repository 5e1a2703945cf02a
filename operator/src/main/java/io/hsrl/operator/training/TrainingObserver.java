package io.hsrl.operator.training;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.hsrl.api.v1alpha1.CheckpointRef;
import io.hsrl.api.v1alpha1.HsrlTraining;
import io.hsrl.api.v1alpha1.HsrlTrainingStatus;
import io.hsrl.api.v1alpha1.SemanticIndex;
import io.hsrl.api.v1alpha1.TrainingMetrics;
import io.hsrl.api.v1alpha1.TrainingProgress;
import io.hsrl.artifact.ArtifactLayout;
import io.hsrl.artifact.LatestCheckpoint;
import io.hsrl.artifact.TrainingMetricsRecord;
import io.hsrl.artifact.TrainingProgressRecord;
import io.hsrl.operator.metrics.ResourceGauges;
import io.hsrl.operator.status.ObservedStatus;
import io.hsrl.operator.workload.OwnedJobs;
import io.hsrl.operator.workload.WorkloadJob;
import io.hsrl.store.ObjectNotFoundException;
import io.hsrl.store.ObjectStore;
import io.hsrl.store.ObjectUri;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The observe phase of an HsrlTraining: its status as last written, the SemanticIndex it references and its trainer
 * Job (both from informers), and the trainer's progress, metrics and checkpoints from the object store.
 */
@Singleton
final class TrainingObserver {
    static final String INDEX_REF = "semanticIndexRef";
    /** The newest checkpoints kept on status (all of them are listed in checkpoints/latest.json). */
    static final int CHECKPOINTS_ON_STATUS = 10;
    private static final Logger LOG = Logger.getLogger(TrainingObserver.class);

    private final ObjectStore store;
    private final ResourceGauges gauges;
    private volatile InformerEventSource<SemanticIndex, HsrlTraining> indexes;

    TrainingObserver(ObjectStore store, ResourceGauges gauges) {
        this.store = store;
        this.gauges = gauges;
    }

    /** What one pass starts from; {@code index} is empty when the reference is unset or names no index. */
    record Observation(ObservedStatus<HsrlTrainingStatus> observed, String jobName, Optional<SemanticIndex> index,
            Optional<Job> job) {
        HsrlTrainingStatus status() {
            return observed.status();
        }
    }

    /** The informers the observations read from: the referenced indexes and the trainer Jobs. */
    List<EventSource<?, HsrlTraining>> eventSources(EventSourceContext<HsrlTraining> context) {
        // an index that appears or becomes Ready wakes the trainings that reference it (no polling while waiting)
        context.getPrimaryCache().addIndexer(INDEX_REF, t -> indexName(t)
                .map(n -> List.of(key(t.getMetadata().getNamespace(), n))).orElse(List.of()));
        var indexConfig = InformerEventSourceConfiguration.from(SemanticIndex.class, HsrlTraining.class)
                .withName("semanticindexes")
                .withSecondaryToPrimaryMapper((SemanticIndex idx) -> context.getPrimaryCache()
                        .byIndex(INDEX_REF, key(idx.getMetadata().getNamespace(), idx.getMetadata().getName()))
                        .stream().map(ResourceID::fromResource).collect(Collectors.toSet()))
                .build();
        indexes = new InformerEventSource<>(indexConfig, context);
        var jobs = InformerEventSourceConfiguration.from(Job.class, HsrlTraining.class)
                .withName("trainjobs")
                .withLabelSelector(WorkloadJob.selector(TrainingJob.COMPONENT))
                .build();
        return List.of(indexes, new InformerEventSource<>(jobs, context));
    }

    Observation observe(HsrlTraining training, Context<HsrlTraining> context) {
        ObservedStatus<HsrlTrainingStatus> observed = ObservedStatus.of(training, HsrlTrainingStatus::new);
        String jobName = TrainingJob.name(training);
        observed.status().jobName = jobName;
        Optional<SemanticIndex> index = indexName(training)
                .flatMap(n -> indexes.get(new ResourceID(n, training.getMetadata().getNamespace())));
        return new Observation(observed, jobName, index, OwnedJobs.find(context, jobName));
    }

    static Optional<String> indexName(HsrlTraining training) {
        return training.getSpec() == null || training.getSpec().semanticIndexRef == null ? Optional.empty()
                : Optional.ofNullable(training.getSpec().semanticIndexRef.name);
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    /**
     * Copies progress.json and checkpoints/latest.json of the run under {@code prefix} into status (either may not
     * exist yet), and the progress and reward into the resource's gauges.
     */
    TrainingProgressRecord progress(HsrlTraining training, String prefix) throws IOException {
        HsrlTrainingStatus status = training.getStatus();
        TrainingProgressRecord progress = readOptional(ArtifactLayout.progress(prefix), TrainingProgressRecord.class);
        if (progress != null) {
            TrainingProgress p = new TrainingProgress();
            p.iteration = progress.iteration();
            p.total = progress.total();
            p.percent = progress.percent();
            p.etaSeconds = progress.etaSeconds();
            p.iterationsPerSecond = progress.iterationsPerSecond();
            status.progress = p;
            status.metrics = metrics(progress.metrics());
            status.objective = objective(progress.metrics());
        }
        String checkpoints = ArtifactLayout.checkpoints(prefix);
        LatestCheckpoint latest = readOptional(ArtifactLayout.latestCheckpoint(prefix), LatestCheckpoint.class);
        if (latest != null) {
            status.latestCheckpoint = absolute(checkpoints, latest.manifest());
            List<LatestCheckpoint.Entry> all = latest.checkpoints() == null ? List.of() : latest.checkpoints();
            status.checkpoints = all.stream().skip(Math.max(0, all.size() - CHECKPOINTS_ON_STATUS))
                    .map(e -> new CheckpointRef(e.iteration(), absolute(checkpoints, e.manifest()), e.reward()))
                    .collect(Collectors.toList());
            all.stream().filter(e -> e.reward() != null).max(Comparator.comparingDouble(LatestCheckpoint.Entry::reward))
                    .ifPresent(best -> status.bestCheckpoint = absolute(checkpoints, best.manifest()));
        }
        String ns = training.getMetadata().getNamespace();
        String name = training.getMetadata().getName();
        if (status.progress != null) {
            gauges.set("hsrl_training_progress_percent", HsrlTrainingReconciler.KIND, ns, name, status.progress.percent);
            gauges.set("hsrl_training_iteration", HsrlTrainingReconciler.KIND, ns, name,
                    status.progress.iteration == null ? null : status.progress.iteration.doubleValue());
        }
        if (status.metrics != null) {
            status.reward = significant(status.metrics.avgTotalReward);
            gauges.set("hsrl_training_reward", HsrlTrainingReconciler.KIND, ns, name, status.metrics.avgTotalReward);
        }
        return progress;
    }

    /** A reward as the printer column shows it: 3 significant digits (2.8687499961815774 → 2.87). */
    static String significant(Double value) {
        if (value == null || value.isNaN() || value.isInfinite()) {
            return null;
        }
        return new java.math.BigDecimal(value).round(new java.math.MathContext(3)).stripTrailingZeros()
                .toPlainString();
    }

    private <T> T readOptional(String uri, Class<T> type) throws IOException {
        try {
            return store.readJson(uri, type);
        } catch (ObjectNotFoundException e) {
            return null;
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains(uri)) {
                // a malformed file names itself; the trainer rewrites it within seconds, so log and go on
                LOG.warnf("could not read %s: %s", uri, e.getMessage());
                return null;
            }
            throw e;
        }
    }

    private static String absolute(String folder, String uri) {
        if (uri == null || uri.startsWith("s3://") || uri.startsWith("/")) {
            return uri;
        }
        return ObjectUri.resolve(folder, uri);
    }

    private static io.hsrl.api.v1alpha1.ObjectiveStatus objective(TrainingMetricsRecord m) {
        io.hsrl.artifact.TrainingObjectiveRecord r = m == null ? null : m.objective();
        if (r == null) {
            return null;
        }
        io.hsrl.api.v1alpha1.ObjectiveStatus o = new io.hsrl.api.v1alpha1.ObjectiveStatus();
        o.type = r.type();
        o.costBudget = r.costBudget();
        o.budgetCostPerExposure = r.budgetCostPerExposure();
        o.behaviourCostPerExposure = r.behaviourCostPerExposure();
        o.conversionsPerExposure = r.conversionsPerExposure();
        o.costPerExposure = r.costPerExposure();
        o.clicksPerExposure = r.clicksPerExposure();
        o.lambda = r.lambda();
        o.budgetHolds = r.budgetHolds();
        return o;
    }

    private static TrainingMetrics metrics(TrainingMetricsRecord r) {
        if (r == null) {
            return null;
        }
        TrainingMetrics m = new TrainingMetrics();
        m.avgTotalReward = r.avgTotalReward();
        m.minTotalReward = r.minTotalReward();
        m.maxTotalReward = r.maxTotalReward();
        m.avgDepth = r.avgDepth();
        m.actorLoss = r.actorLoss();
        m.criticLoss = r.criticLoss();
        m.entropy = r.entropy();
        m.levelValues = r.levelValues();
        m.levelEntropies = r.levelEntropies();
        return m;
    }
}
