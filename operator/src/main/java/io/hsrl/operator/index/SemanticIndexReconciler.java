package io.hsrl.operator.index;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.hsrl.api.v1alpha1.HsrlApi;
import io.hsrl.api.v1alpha1.IndexThresholds;
import io.hsrl.api.v1alpha1.SemanticIndex;
import io.hsrl.api.v1alpha1.SemanticIndexStatus;
import io.hsrl.artifact.ArtifactLayout;
import io.hsrl.artifact.IndexStats;
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
import io.hsrl.operator.workload.WorkloadPod;
import io.hsrl.store.ObjectStore;
import io.hsrl.store.ObjectUri;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * SemanticIndex → Job {@code <name>-index} → status from {@code stats.json}. Each generation builds into its own
 * prefix, so the previous codebook keeps serving until the new one is Ready. A pass reads observe ({@link IndexObserver})
 * → validate ({@link SpecValidator}) → reconcile the Job → record status ({@link StatusRecorder}).
 */
// a failed pass is retried 2 s, 4 s, ... up to every 5 min; its cause stays on the status meanwhile
@GradualRetry(maxAttempts = 1000, initialInterval = 2000, intervalMultiplier = 2, maxInterval = 300000)
@ControllerConfiguration(name = SemanticIndexReconciler.NAME)
public class SemanticIndexReconciler implements Reconciler<SemanticIndex> {
    public static final String NAME = "semanticindex";
    static final String KIND = "SemanticIndex";

    private final IndexObserver observer;
    private final SpecValidator validator;
    private final OperatorConfig config;
    private final ObjectStore store;
    private final EventRecorder events;
    private final ResourceGauges gauges;
    private final StatusRecorder recorder;

    SemanticIndexReconciler(IndexObserver observer, SpecValidator validator, OperatorConfig config, ObjectStore store,
            EventRecorder events, ResourceGauges gauges, StatusRecorder recorder) {
        this.observer = observer;
        this.validator = validator;
        this.config = config;
        this.store = store;
        this.events = events;
        this.gauges = gauges;
        this.recorder = recorder;
    }

    @Override
    public List<EventSource<?, SemanticIndex>> prepareEventSources(EventSourceContext<SemanticIndex> context) {
        return observer.eventSources(context);
    }

    @Override
    public UpdateControl<SemanticIndex> reconcile(SemanticIndex index, Context<SemanticIndex> context)
            throws IOException {
        IndexObserver.Observation observed = observer.observe(index, context);
        StatusSnapshot before = observed.observed().before();

        // validate: what the schema cannot say; nothing is created for an invalid spec
        Optional<Invalid> invalid = validator.index(index);
        if (invalid.isPresent()) {
            recorder.invalid(index, observed.status(), invalid.get());
            return recorder.write(index, before, null);
        }

        // reconcile the Job, then record status
        return ArtifactFinalizer.around(index, context, index.getSpec().artifacts, observed.observed().statusWritten(),
                () -> reconcileJob(index, context, observed));
    }

    private UpdateControl<SemanticIndex> reconcileJob(SemanticIndex index, Context<SemanticIndex> context,
            IndexObserver.Observation observed) throws IOException {
        String ns = index.getMetadata().getNamespace();
        String name = index.getMetadata().getName();
        SemanticIndexStatus status = observed.status();
        StatusSnapshot before = observed.observed().before();
        long generation = index.getMetadata().getGeneration();
        String bucket = WorkloadPod.bucket(index.getSpec().objectStore, config);
        String prefix = ArtifactLayout.indexPrefix(bucket, ns, name, index.getMetadata().getUid(), generation);
        String statsUri = ArtifactLayout.stats(prefix);
        String jobName = observed.jobName();
        Optional<Job> job = observed.job();

        // this generation is built already: nothing to run (the Job may have been removed since)
        if (statsUri.equals(status.statsUri)) {
            job.filter(j -> OwnedJobs.generationOf(j) != generation)
                    .ifPresent(j -> OwnedJobs.delete(context.getClient(), ns, jobName));
            return recorder.write(index, before, null);
        }

        // one Job per generation
        if (job.isPresent() && OwnedJobs.generationOf(job.get()) != generation) {
            OwnedJobs.delete(context.getClient(), ns, jobName);
            job = Optional.empty();
        }
        if (job.isEmpty()) {
            if (!OwnedJobs.create(context.getClient(), IndexJob.desired(index, prefix, config))) {
                // the previous generation's Job is still being deleted, or our cache lags: look again shortly
                return recorder.write(index, before, Duration.ofSeconds(1));
            }
            building(index, "JobCreated", "Job " + jobName + " created for generation " + generation);
            return recorder.write(index, before, null);
        }

        // status from the Job and stats.json
        JobState state = JobState.of(job.get());
        switch (state.phase()) {
            case RUNNING -> building(index, state.reason(), state.message());
            case FAILED -> {
                String why = PodFailures.of(context.getClient(), ns, jobName).map(p -> state.message() + "; " + p)
                        .orElse(state.message());
                status.setCondition(HsrlApi.BUILDING, false, state.reason(), why, generation);
                if (status.setCondition(HsrlApi.READY, false, state.reason(), why, generation)) {
                    events.warning(index, "IndexBuildFailed", "Index build failed: " + why);
                }
            }
            case SUCCEEDED -> built(index, prefix, statsUri);
        }
        return recorder.write(index, before, null);
    }

    @Override
    public ErrorStatusUpdateControl<SemanticIndex> updateErrorStatus(SemanticIndex index, Context<SemanticIndex> context,
            Exception e) {
        return recorder.failed(index, new SemanticIndexStatus(), e);
    }

    private void building(SemanticIndex index, String reason, String message) {
        SemanticIndexStatus status = index.getStatus();
        long generation = index.getMetadata().getGeneration();
        status.setCondition(HsrlApi.BUILDING, true, reason, message, generation);
        if (status.statsUri == null || !status.isTrue(HsrlApi.READY)) {
            // first build (or a failed one): not ready yet. A rebuild keeps the previous Ready, with its generation.
            status.setCondition(HsrlApi.READY, false, "Building", message, generation);
        }
    }

    private void built(SemanticIndex index, String prefix, String statsUri)
            throws IOException {
        SemanticIndexStatus status = index.getStatus();
        long generation = index.getMetadata().getGeneration();
        IndexStats stats = observer.stats(statsUri);
        if (stats == null) {
            String msg = "the Job succeeded but wrote no " + statsUri;
            status.setCondition(HsrlApi.BUILDING, false, "StatsMissing", msg, generation);
            if (status.setCondition(HsrlApi.READY, false, "StatsMissing", msg, generation)) {
                events.warning(index, "StatsMissing", msg);
            }
            return;
        }
        String previousStats = status.statsUri;
        status.items = stats.items();
        status.uniqueSids = stats.uniqueSids();
        status.collisionRate = stats.collisionRate();
        status.maxItemsPerSid = stats.maxItemsPerSid();
        status.levelUtilization = stats.levelUtilization();
        status.quantizationError = stats.quantizationError();
        status.sidLength = stats.sidLength();
        status.codebookUri = ObjectUri.resolve(prefix, stats.codebook() == null ? IndexStats.CODEBOOK_FILE : stats.codebook());
        status.itemMapUri = ObjectUri.resolve(prefix, stats.itemMap() == null ? IndexStats.ITEM_MAP_FILE : stats.itemMap());
        status.sha256 = stats.itemMapSha256();
        status.buildSeconds = stats.buildSeconds();
        status.statsUri = statsUri;

        List<String> breaches = breaches(stats, index.getSpec().thresholds);
        status.setCondition(HsrlApi.BUILDING, false, "Built", "generation " + generation + " built", generation);
        status.setCondition(HsrlApi.DEGRADED, !breaches.isEmpty(),
                breaches.isEmpty() ? "WithinThresholds" : "ThresholdBreached",
                breaches.isEmpty() ? "collision rate and level utilisation within thresholds"
                        : String.join("; ", breaches), generation);
        String summary = String.format(Locale.ROOT, "Index ready: %,d items, %,d collisions, utilisation %d%%",
                stats.items(), stats.collidingItems(), Math.round(100 * mean(stats.levelUtilization())));
        if (breaches.isEmpty()) {
            status.setCondition(HsrlApi.READY, true, "IndexBuilt", summary, generation);
            events.normal(index, "IndexReady", summary);
        } else {
            // built and usable by trainings, but not Ready: it misses the quality its spec asks for
            status.setCondition(HsrlApi.READY, false, "ThresholdBreached", summary + "; " + String.join("; ", breaches)
                    + " (relax spec.thresholds to accept it)", generation);
            events.warning(index, "ThresholdBreached", String.join("; ", breaches));
        }
        String ns = index.getMetadata().getNamespace();
        String name = index.getMetadata().getName();
        gauges.set("hsrl_index_items", KIND, ns, name, (double) stats.items());
        gauges.set("hsrl_index_collision_rate", KIND, ns, name, stats.collisionRate());
        gauges.set("hsrl_index_min_level_utilization", KIND, ns, name,
                stats.levelUtilization() == null || stats.levelUtilization().isEmpty() ? null
                        : stats.levelUtilization().stream().mapToDouble(Double::doubleValue).min().orElse(0));
        if (previousStats != null && index.getSpec().artifacts == io.hsrl.api.v1alpha1.ArtifactPolicy.Delete) {
            // the new generation is ready, so the previous one is no longer needed
            String old = previousStats.substring(0, previousStats.lastIndexOf('/') + 1);
            store.deleteAll(old);
        }
    }

    static List<String> breaches(IndexStats stats, IndexThresholds thresholds) {
        List<String> out = new ArrayList<>();
        if (thresholds == null) {
            return out;
        }
        if (thresholds.maxCollisionRate != null && stats.collisionRate() > thresholds.maxCollisionRate) {
            out.add(String.format(Locale.ROOT, "collision rate %.1f%% exceeds spec.thresholds.maxCollisionRate %.1f%%",
                    100 * stats.collisionRate(), 100 * thresholds.maxCollisionRate));
        }
        if (thresholds.minLevelUtilization != null && stats.levelUtilization() != null) {
            for (int l = 0; l < stats.levelUtilization().size(); l++) {
                double u = stats.levelUtilization().get(l);
                if (u < thresholds.minLevelUtilization) {
                    out.add(String.format(Locale.ROOT,
                            "level %d uses %.0f%% of its codes, below spec.thresholds.minLevelUtilization %.0f%%",
                            l + 1, 100 * u, 100 * thresholds.minLevelUtilization));
                }
            }
        }
        return out;
    }

    private static double mean(List<Double> values) {
        return values == null || values.isEmpty() ? 0 : values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }

}
