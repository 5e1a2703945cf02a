package io.hsrl.operator.index;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.hsrl.api.v1alpha1.SemanticIndex;
import io.hsrl.api.v1alpha1.SemanticIndexStatus;
import io.hsrl.artifact.IndexStats;
import io.hsrl.operator.status.ObservedStatus;
import io.hsrl.operator.workload.OwnedJobs;
import io.hsrl.operator.workload.WorkloadJob;
import io.hsrl.store.ObjectNotFoundException;
import io.hsrl.store.ObjectStore;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The observe phase of a SemanticIndex: its status as last written, its builder Job (from the Job informer) and what a
 * finished build wrote ({@code stats.json}).
 */
@Singleton
final class IndexObserver {
    private final ObjectStore store;

    IndexObserver(ObjectStore store) {
        this.store = store;
    }

    /** What one pass starts from. */
    record Observation(ObservedStatus<SemanticIndexStatus> observed, String jobName, Optional<Job> job) {
        SemanticIndexStatus status() {
            return observed.status();
        }
    }

    /** The informer the observations read from: the builder Jobs, by their component label. */
    List<EventSource<?, SemanticIndex>> eventSources(EventSourceContext<SemanticIndex> context) {
        var jobs = InformerEventSourceConfiguration.from(Job.class, SemanticIndex.class)
                .withLabelSelector(WorkloadJob.selector(IndexJob.COMPONENT))
                .build();
        return List.of(new InformerEventSource<>(jobs, context));
    }

    Observation observe(SemanticIndex index, Context<SemanticIndex> context) {
        ObservedStatus<SemanticIndexStatus> observed = ObservedStatus.of(index, SemanticIndexStatus::new);
        String jobName = IndexJob.name(index);
        observed.status().jobName = jobName;
        return new Observation(observed, jobName, OwnedJobs.find(context, jobName));
    }

    /** The stats a build wrote to {@code uri}, or null when there are none. */
    IndexStats stats(String uri) throws IOException {
        try {
            return store.readJson(uri, IndexStats.class);
        } catch (ObjectNotFoundException e) {
            return null;
        }
    }
}
