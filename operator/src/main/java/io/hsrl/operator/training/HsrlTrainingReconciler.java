package io.hsrl.operator.training;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.hsrl.api.v1alpha1.HsrlApi;
import io.hsrl.api.v1alpha1.HsrlTraining;
import io.hsrl.api.v1alpha1.HsrlTrainingStatus;
import io.hsrl.api.v1alpha1.SemanticIndex;
import io.hsrl.artifact.ArtifactLayout;
import io.hsrl.artifact.TrainingProgressRecord;
import io.hsrl.operator.artifact.ArtifactFinalizer;
import io.hsrl.operator.config.OperatorConfig;
import io.hsrl.operator.events.EventRecorder;
import io.hsrl.operator.status.StatusRecorder;
import io.hsrl.operator.status.StatusSnapshot;
import io.hsrl.operator.validation.Invalid;
import io.hsrl.operator.validation.SpecValidator;
import io.hsrl.operator.workload.JobState;
import io.hsrl.operator.workload.OwnedJobs;
import io.hsrl.operator.workload.PodFailures;
import io.hsrl.operator.workload.WorkloadPod;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * HsrlTraining → waits for its SemanticIndex → Job {@code <name>-train} → progress, metrics and checkpoints copied
 * from the object store into status every {@code hsrl.operator.progress-interval} while the Job runs. A pass reads
 * observe ({@link TrainingObserver}) → validate ({@link SpecValidator}) → reconcile the Job → record status
 * ({@link StatusRecorder}).
 */
// a failed pass is retried 2 s, 4 s, ... up to every 5 min; its cause stays on the status meanwhile
@GradualRetry(maxAttempts = 1000, initialInterval = 2000, intervalMultiplier = 2, maxInterval = 300000)
@ControllerConfiguration(name = HsrlTrainingReconciler.NAME)
public class HsrlTrainingReconciler implements Reconciler<HsrlTraining> {
    public static final String NAME = "hsrltraining";
    static final String KIND = "HsrlTraining";
    private static final List<String> PHASES =
            List.of(HsrlApi.PENDING, HsrlApi.RUNNING, HsrlApi.COMPLETE, HsrlApi.FAILED, HsrlApi.SUSPENDED);

    private final TrainingObserver observer;
    private final SpecValidator validator;
    private final OperatorConfig config;
    private final EventRecorder events;
    private final StatusRecorder recorder;

    HsrlTrainingReconciler(TrainingObserver observer, SpecValidator validator, OperatorConfig config,
            EventRecorder events, StatusRecorder recorder) {
        this.observer = observer;
        this.validator = validator;
        this.config = config;
        this.events = events;
        this.recorder = recorder;
    }

    @Override
    public List<EventSource<?, HsrlTraining>> prepareEventSources(EventSourceContext<HsrlTraining> context) {
        return observer.eventSources(context);
    }

    @Override
    public UpdateControl<HsrlTraining> reconcile(HsrlTraining training, Context<HsrlTraining> context)
            throws IOException {
        TrainingObserver.Observation observed = observer.observe(training, context);
        HsrlTrainingStatus status = observed.status();

        // validate: what the schema cannot say; nothing is created for an invalid spec
        Optional<Invalid> invalid = validator.training(training);
        if (invalid.isPresent()) {
            // a finished run stays finished; an edit that breaks its spec changes nothing
            if (!status.isTrue(HsrlApi.COMPLETE) && !status.isTrue(HsrlApi.FAILED)) {
                invalid(training, invalid.get());
            }
            return recorder.write(training, observed.observed().before(), null);
        }

        // reconcile the Job, then record status
        String prefix = ArtifactLayout.trainingPrefix(WorkloadPod.bucket(training.getSpec().objectStore, config),
                training.getMetadata().getNamespace(), training.getMetadata().getName(), training.getMetadata().getUid());
        return ArtifactFinalizer.around(training, context, training.getSpec().artifacts,
                observed.observed().statusWritten(), () -> reconcileJob(training, context, prefix, observed));
    }

    @Override
    public ErrorStatusUpdateControl<HsrlTraining> updateErrorStatus(HsrlTraining training, Context<HsrlTraining> context,
            Exception e) {
        return recorder.failed(training, new HsrlTrainingStatus(), e);
    }

    private UpdateControl<HsrlTraining> reconcileJob(HsrlTraining training, Context<HsrlTraining> context,
            String prefix, TrainingObserver.Observation observed) throws IOException {
        String ns = training.getMetadata().getNamespace();
        HsrlTrainingStatus status = observed.status();
        StatusSnapshot before = observed.observed().before();
        long generation = training.getMetadata().getGeneration();
        String jobName = observed.jobName();

        // a finished run stays finished; its Job (if still there) records how it went
        if (status.isTrue(HsrlApi.COMPLETE) || status.isTrue(HsrlApi.FAILED)) {
            return recorder.write(training, before, null);
        }

        // validate: the referenced index must exist and be Ready
        String indexName = TrainingObserver.indexName(training).orElse(null);
        Optional<SemanticIndex> index = observed.index();
        if (index.isEmpty()) {
            invalid(training, Invalid.spec("spec.semanticIndexRef.name", indexName == null ? "required"
                    : "SemanticIndex '" + indexName + "' not found in namespace " + ns));
            return recorder.write(training, before, null);
        }
        Optional<Job> job = observed.job();
        String indexStats = index.get().getStatus() == null ? null : index.get().getStatus().statsUri;
        if (job.isEmpty() && (indexStats == null || !usable(index.get()))) {
            phase(training, HsrlApi.PENDING, "WaitingForIndex", "waiting for SemanticIndex " + indexName + " to be Ready");
            status.setCondition(HsrlApi.READY, false, "WaitingForIndex", "the training has not started", generation);
            return recorder.write(training, before, null);
        }

        // suspend: delete the Job, keep checkpoints and the last progress
        if (Boolean.TRUE.equals(training.getSpec().suspend)) {
            if (job.isPresent()) {
                observer.progress(training, prefix);
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
            observer.progress(training, prefix);
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
                observer.progress(training, prefix);
                phase(training, HsrlApi.RUNNING, state.reason(), state.message());
                status.setCondition(HsrlApi.READY, false, "Training", "the training is running", generation);
                return recorder.write(training, before, config.progressInterval());
            }
            case FAILED -> {
                observer.progress(training, prefix);
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
        TrainingProgressRecord progress = observer.progress(training, prefix);
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
