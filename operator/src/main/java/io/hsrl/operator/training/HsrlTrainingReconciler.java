package io.hsrl.operator.training;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.hsrl.api.v1alpha1.CheckpointRef;
import io.hsrl.api.v1alpha1.HsrlApi;
import io.hsrl.api.v1alpha1.HsrlTraining;
import io.hsrl.api.v1alpha1.HsrlTrainingStatus;
import io.hsrl.api.v1alpha1.SemanticIndex;
import io.hsrl.api.v1alpha1.TrainingMetrics;
import io.hsrl.api.v1alpha1.TrainingProgress;
import io.hsrl.artifact.ArtifactLayout;
import io.hsrl.artifact.LatestCheckpoint;
import io.hsrl.artifact.TrainingMetricsRecord;
import io.hsrl.artifact.TrainingProgressRecord;
import io.hsrl.operator.artifact.ArtifactFinalizer;
import io.hsrl.operator.config.OperatorConfig;
import io.hsrl.operator.events.EventRecorder;
import io.hsrl.operator.metrics.ResourceGauges;
import io.hsrl.operator.status.StatusRecorder;
import io.hsrl.operator.status.StatusSnapshot;
import io.hsrl.operator.validation.Invalid;
import io.hsrl.operator.validation.SpecValidator;
import io.hsrl.operator.workload.JobState;
import io.hsrl.operator.workload.OwnedJobs;
import io.hsrl.operator.workload.PodFailures;
import io.hsrl.operator.workload.WorkloadJob;
import io.hsrl.operator.workload.WorkloadPod;
import io.hsrl.store.ObjectNotFoundException;
import io.hsrl.store.ObjectStore;
import io.hsrl.store.ObjectUri;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * HsrlTraining → waits for its SemanticIndex → Job {@code <name>-train} → progress, metrics and checkpoints copied
 * from the object store into status every {@code hsrl.operator.progress-interval} while the Job runs.
 */
// a failed pass is retried 2 s, 4 s, ... up to every 5 min; its cause stays on the status meanwhile
@GradualRetry(maxAttempts = 1000, initialInterval = 2000, intervalMultiplier = 2, maxInterval = 300000)
@ControllerConfiguration(name = HsrlTrainingReconciler.NAME)
public class HsrlTrainingReconciler implements Reconciler<HsrlTraining> {
    public static final String NAME = "hsrltraining";
    static final String KIND = "HsrlTraining";
    static final String INDEX_REF = "semanticIndexRef";
    /** The newest checkpoints kept on status (all of them are listed in checkpoints/latest.json). */
    static final int CHECKPOINTS_ON_STATUS = 10;
    private static final Logger LOG = Logger.getLogger(HsrlTrainingReconciler.class);
    private static final List<String> PHASES =
            List.of(HsrlApi.PENDING, HsrlApi.RUNNING, HsrlApi.COMPLETE, HsrlApi.FAILED, HsrlApi.SUSPENDED);

    private final OperatorConfig config;
    private final ObjectStore store;
    private final EventRecorder events;
    private final ResourceGauges gauges;
    private final SpecValidator validator;
    private final StatusRecorder recorder;
    private volatile InformerEventSource<SemanticIndex, HsrlTraining> indexes;

    public HsrlTrainingReconciler(OperatorConfig config, ObjectStore store, EventRecorder events,
            ResourceGauges gauges, SpecValidator validator, StatusRecorder recorder) {
        this.validator = validator;
        this.recorder = recorder;
        this.config = config;
        this.store = store;
        this.events = events;
        this.gauges = gauges;
    }

    @Override
    public List<EventSource<?, HsrlTraining>> prepareEventSources(EventSourceContext<HsrlTraining> context) {
        // an index that appears or becomes Ready wakes the trainings that reference it (no polling while waiting)
        context.getPrimaryCache().addIndexer(INDEX_REF, t -> t.getSpec() == null || t.getSpec().semanticIndexRef == null
                ? List.of() : List.of(key(t.getMetadata().getNamespace(), t.getSpec().semanticIndexRef.name)));
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

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    @Override
    public UpdateControl<HsrlTraining> reconcile(HsrlTraining training, Context<HsrlTraining> context)
            throws IOException {
        // observe
        if (training.getStatus() == null) {
            training.setStatus(new HsrlTrainingStatus());
        }
        HsrlTrainingStatus status = training.getStatus();
        StatusSnapshot before = StatusSnapshot.of(status);
        boolean statusWritten = status.observedGeneration != null;
        status.observedGeneration = training.getMetadata().getGeneration();
        status.jobName = TrainingJob.name(training);

        // validate: what the schema cannot say; nothing is created for an invalid spec
        Optional<Invalid> invalid = validator.training(training);
        if (invalid.isPresent()) {
            // a finished run stays finished; an edit that breaks its spec changes nothing
            if (!status.isTrue(HsrlApi.COMPLETE) && !status.isTrue(HsrlApi.FAILED)) {
                invalid(training, invalid.get());
            }
            return recorder.write(training, before, null);
        }

        // reconcile the Job, then record status
        String prefix = ArtifactLayout.trainingPrefix(WorkloadPod.bucket(training.getSpec().objectStore, config),
                training.getMetadata().getNamespace(), training.getMetadata().getName(), training.getMetadata().getUid());
        return ArtifactFinalizer.around(training, context, training.getSpec().artifacts, statusWritten,
                () -> reconcileJob(training, context, prefix, before));
    }

    @Override
    public ErrorStatusUpdateControl<HsrlTraining> updateErrorStatus(HsrlTraining training, Context<HsrlTraining> context,
            Exception e) {
        return recorder.failed(training, new HsrlTrainingStatus(), e);
    }

    private UpdateControl<HsrlTraining> reconcileJob(HsrlTraining training, Context<HsrlTraining> context,
            String prefix, StatusSnapshot before) throws IOException {
        String ns = training.getMetadata().getNamespace();
        HsrlTrainingStatus status = training.getStatus();
        long generation = training.getMetadata().getGeneration();
        String jobName = status.jobName;

        // a finished run stays finished; its Job (if still there) records how it went
        if (status.isTrue(HsrlApi.COMPLETE) || status.isTrue(HsrlApi.FAILED)) {
            return recorder.write(training, before, null);
        }

        // validate: the referenced index must exist and be Ready
        String indexName = training.getSpec().semanticIndexRef == null ? null : training.getSpec().semanticIndexRef.name;
        Optional<SemanticIndex> index = indexName == null ? Optional.empty()
                : indexes.get(new ResourceID(indexName, ns));
        if (index.isEmpty()) {
            invalid(training, Invalid.spec("spec.semanticIndexRef.name", indexName == null ? "required"
                    : "SemanticIndex '" + indexName + "' not found in namespace " + ns));
            return recorder.write(training, before, null);
        }
        Optional<Job> job = OwnedJobs.find(context, jobName);
        String indexStats = index.get().getStatus() == null ? null : index.get().getStatus().statsUri;
        if (job.isEmpty() && (indexStats == null || !usable(index.get()))) {
            phase(training, HsrlApi.PENDING, "WaitingForIndex", "waiting for SemanticIndex " + indexName + " to be Ready");
            status.setCondition(HsrlApi.READY, false, "WaitingForIndex", "the training has not started", generation);
            return recorder.write(training, before, null);
        }

        // suspend: delete the Job, keep checkpoints and the last progress
        if (Boolean.TRUE.equals(training.getSpec().suspend)) {
            if (job.isPresent()) {
                copyProgress(training, prefix);
                OwnedJobs.delete(context.getClient(), ns, jobName);
            }
            if (!status.isTrue(HsrlApi.SUSPENDED)) {
                events.normal(training, "Suspended", "Training suspended; checkpoints kept"
                        + (status.latestCheckpoint == null ? "" : ", newest " + status.latestCheckpoint));
            }
            phase(training, HsrlApi.SUSPENDED, "Suspended", "spec.suspend is true; the trainer Job was deleted");
            status.setCondition(HsrlApi.READY, false, "Suspended", "the training is suspended", generation);
            return recorder.write(training, before, null);
        }

        // deadline over all attempts and resumes, counted from the first start
        Long deadline = training.getSpec().activeDeadlineSeconds;
        Instant started = status.startTime == null ? null : Instant.parse(status.startTime);
        if (deadline != null && started != null && Instant.now().isAfter(started.plusSeconds(deadline))) {
            job.ifPresent(j -> OwnedJobs.delete(context.getClient(), ns, jobName));
            copyProgress(training, prefix);
            failed(training, "DeadlineExceeded",
                    "spec.activeDeadlineSeconds (" + deadline + " s) passed since the start at " + status.startTime);
            return recorder.write(training, before, null);
        }

        if (job.isEmpty()) {
            boolean resuming = status.isTrue(HsrlApi.SUSPENDED);
            Long remaining = deadline == null ? null : started == null ? deadline
                    : Math.max(1, deadline - Duration.between(started, Instant.now()).toSeconds());
            if (!OwnedJobs.create(context.getClient(),
                    TrainingJob.desired(training, indexStats, prefix, remaining, config))) {
                // the suspended run's Job is still being deleted, or our cache lags: look again shortly
                return recorder.write(training, before, Duration.ofSeconds(1));
            }
            if (status.startTime == null) {
                status.startTime = now();
            }
            phase(training, HsrlApi.RUNNING, resuming ? "Resumed" : "JobCreated", "Job " + jobName + " created"
                    + (resuming ? "; the trainer resumes from the newest checkpoint" : ""));
            status.setCondition(HsrlApi.READY, false, "Training", "the training is running", generation);
            events.normal(training, resuming ? "Resumed" : "TrainingStarted",
                    (resuming ? "Training resumed" : "Training started") + " with Job " + jobName);
            return recorder.write(training, before, config.progressInterval());
        }

        if (status.startTime == null) {
            // self-healing: a status written from a stale copy may lack it; the Job knows when the run began
            String created = job.get().getMetadata().getCreationTimestamp();
            status.startTime = created == null ? now() : created;
        }
        JobState state = JobState.of(job.get());
        switch (state.phase()) {
            case RUNNING -> {
                copyProgress(training, prefix);
                phase(training, HsrlApi.RUNNING, state.reason(), state.message());
                status.setCondition(HsrlApi.READY, false, "Training", "the training is running", generation);
                return recorder.write(training, before, config.progressInterval());
            }
            case FAILED -> {
                copyProgress(training, prefix);
                String why = PodFailures.of(context.getClient(), ns, jobName).map(p -> state.message() + "; " + p)
                        .orElse(state.message());
                failed(training, state.reason(), why);
                return recorder.write(training, before, null);
            }
            default -> {
                completed(training, prefix);
                return recorder.write(training, before, null);
            }
        }
    }

    private void invalid(HsrlTraining training, Invalid invalid) {
        phase(training, HsrlApi.PENDING, invalid.reason(), invalid.message());
        recorder.invalid(training, training.getStatus(), invalid);
    }

    /**
     * An index a training can use: Ready, or built but Degraded (below its quality thresholds; the index's own status
     * says so, and the training goes ahead with it).
     */
    static boolean usable(SemanticIndex index) {
        var s = index.getStatus();
        return s != null && s.statsUri != null && (s.isTrue(HsrlApi.READY)
                || (s.isTrue(HsrlApi.DEGRADED) && !s.isTrue(HsrlApi.BUILDING)));
    }

    private void failed(HsrlTraining training, String reason, String message) {
        HsrlTrainingStatus status = training.getStatus();
        phase(training, HsrlApi.FAILED, reason, message);
        status.setCondition(HsrlApi.READY, false, reason, message, training.getMetadata().getGeneration());
        status.completionTime = now();
        events.warning(training, "TrainingFailed", "Training failed (" + reason + "): " + message);
    }

    private void completed(HsrlTraining training, String prefix) throws IOException {
        HsrlTrainingStatus status = training.getStatus();
        TrainingProgressRecord progress = copyProgress(training, prefix);
        String model = progress != null && progress.modelUri() != null ? progress.modelUri() : status.latestCheckpoint;
        if (model == null) {
            failed(training, "NoModel", "the Job succeeded but published no checkpoint under "
                    + ArtifactLayout.checkpoints(prefix));
            return;
        }
        status.modelUri = model;
        if (status.bestCheckpoint == null) {
            status.bestCheckpoint = model;
        }
        status.completionTime = now();
        String reward = status.metrics == null || status.metrics.avgTotalReward == null ? "n/a"
                : String.format(Locale.ROOT, "%.3f", status.metrics.avgTotalReward);
        String msg = "Training complete: average total reward " + reward + ", model " + model;
        phase(training, HsrlApi.COMPLETE, "Succeeded", msg);
        status.setCondition(HsrlApi.READY, true, "Complete", msg, training.getMetadata().getGeneration());
        events.normal(training, "TrainingComplete", msg);
    }

    /** Copies progress.json and checkpoints/latest.json into status; either may not exist yet. */
    private TrainingProgressRecord copyProgress(HsrlTraining training, String prefix) throws IOException {
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
            gauges.set("hsrl_training_progress_percent", KIND, ns, name, status.progress.percent);
            gauges.set("hsrl_training_iteration", KIND, ns, name,
                    status.progress.iteration == null ? null : status.progress.iteration.doubleValue());
        }
        if (status.metrics != null) {
            status.reward = significant(status.metrics.avgTotalReward);
            gauges.set("hsrl_training_reward", KIND, ns, name, status.metrics.avgTotalReward);
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

    /** Exactly one of Pending, Running, Complete, Failed, Suspended is True. */
    private static void phase(HsrlTraining training, String active, String reason, String message) {
        long generation = training.getMetadata().getGeneration();
        for (String type : PHASES) {
            if (type.equals(active)) {
                training.getStatus().setCondition(type, true, reason, message, generation);
            } else if (io.hsrl.api.v1alpha1.Conditions.find(training.getStatus().conditions, type).isPresent()) {
                training.getStatus().setCondition(type, false, reason, "now " + active, generation);
            }
        }
    }

    private static String now() {
        return DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }
}
