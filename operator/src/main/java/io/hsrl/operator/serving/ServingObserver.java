package io.hsrl.operator.serving;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.hsrl.api.v1alpha1.HsrlApi;
import io.hsrl.api.v1alpha1.HsrlServing;
import io.hsrl.api.v1alpha1.HsrlServingSpec;
import io.hsrl.api.v1alpha1.HsrlServingStatus;
import io.hsrl.api.v1alpha1.HsrlTraining;
import io.hsrl.artifact.ModelManifest;
import io.hsrl.operator.status.ObservedStatus;
import io.hsrl.store.ObjectNotFoundException;
import io.hsrl.store.ObjectStore;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The observe phase of an HsrlServing: its status as last written, the model it is to serve (from the referenced
 * HsrlTraining, watched through an informer, and the model's manifest in the object store), and how far the
 * Deployment has rolled out.
 */
@Singleton
final class ServingObserver {
    static final String TRAINING_REF = "trainingRef";
    /** The referenced training is still running: nothing is wrong, the serving rolls out when it completes. */
    static final String WAITING_FOR_TRAINING = "WaitingForTraining";
    /**
     * The referenced training is gone: not Ready, but a Deployment already serving its model keeps serving it (the
     * model's artefacts outlive the training unless it had {@code artifacts: Delete}); a new reference or a training of
     * that name rolls it forward.
     */
    static final String TRAINING_NOT_FOUND = "TrainingNotFound";
    /** The referenced training failed: no model will come until it is fixed or the reference changes. */
    static final String TRAINING_FAILED = "TrainingFailed";

    private final ObjectStore store;
    private volatile InformerEventSource<HsrlTraining, HsrlServing> trainings;

    ServingObserver(ObjectStore store) {
        this.store = store;
    }

    /** Why the model cannot be served yet: a condition reason and a message naming the field. */
    record Unresolved(String reason, String message) {
        static Unresolved invalid(String message) {
            return new Unresolved(HsrlApi.REASON_INVALID_SPEC, message);
        }
    }

    /** How far the Deployment has rolled out: replica counts and a stalled rollout, if any. */
    record Rollout(int wanted, int available, int updated, int ready, boolean rolledOut,
            Optional<DeploymentCondition> stuck) {
        boolean complete() {
            return rolledOut && available >= wanted && updated >= wanted;
        }

        String summary() {
            return available + "/" + wanted + " replicas available, " + updated + " updated";
        }
    }

    /** The informer the observations read from: the referenced trainings. */
    List<EventSource<?, HsrlServing>> eventSources(EventSourceContext<HsrlServing> context) {
        // a training that appears or completes wakes the servings that reference it
        context.getPrimaryCache().addIndexer(TRAINING_REF, s -> trainingName(s)
                .map(n -> List.of(s.getMetadata().getNamespace() + "/" + n)).orElse(List.of()));
        var cfg = InformerEventSourceConfiguration.from(HsrlTraining.class, HsrlServing.class)
                .withName("hsrltrainings")
                .withSecondaryToPrimaryMapper((HsrlTraining t) -> context.getPrimaryCache()
                        .byIndex(TRAINING_REF, t.getMetadata().getNamespace() + "/" + t.getMetadata().getName())
                        .stream().map(ResourceID::fromResource).collect(Collectors.toSet()))
                .build();
        trainings = new InformerEventSource<>(cfg, context);
        return List.of(trainings);
    }

    private static Optional<String> trainingName(HsrlServing s) {
        return s.getSpec() == null || s.getSpec().model == null || s.getSpec().model.trainingRef == null
                ? Optional.empty() : Optional.ofNullable(s.getSpec().model.trainingRef.name);
    }

    ObservedStatus<HsrlServingStatus> observe(HsrlServing serving) {
        return ObservedStatus.of(serving, HsrlServingStatus::new);
    }

    /** Sets status.modelUri, modelSha256 and semanticIndex; returns why it cannot, naming the field. */
    Unresolved model(HsrlServing serving) throws IOException {
        HsrlServingStatus status = serving.getStatus();
        var model = serving.getSpec().model;
        boolean hasRef = model != null && model.trainingRef != null;
        boolean hasUri = model != null && model.checkpointUri != null && !model.checkpointUri.isBlank();
        if (hasRef == hasUri) {
            return Unresolved.invalid("spec.model: set exactly one of trainingRef and checkpointUri");
        }
        String uri;
        String field;
        if (hasRef) {
            String ns = serving.getMetadata().getNamespace();
            field = "spec.model.trainingRef.name";
            Optional<HsrlTraining> training = trainings.get(new ResourceID(model.trainingRef.name, ns));
            if (training.isEmpty()) {
                return new Unresolved(TRAINING_NOT_FOUND, field + ": HsrlTraining '" + model.trainingRef.name
                        + "' not found in namespace " + ns + (status.modelUri == null ? ""
                        : "; the Deployment keeps serving the model it loaded, " + status.modelUri));
            }
            var ts = training.get().getStatus();
            if (ts != null && ts.isTrue(HsrlApi.FAILED)) {
                return new Unresolved(TRAINING_FAILED, field + ": HsrlTraining '" + model.trainingRef.name + "' failed");
            }
            if (ts == null || !ts.isTrue(HsrlApi.COMPLETE) || ts.modelUri == null) {
                return new Unresolved(WAITING_FOR_TRAINING, field + ": HsrlTraining '" + model.trainingRef.name
                        + "' is not Complete (state " + (ts == null || ts.state == null ? "Pending" : ts.state) + ")");
            }
            uri = ts.modelUri;
            status.semanticIndex = training.get().getSpec().semanticIndexRef == null ? null
                    : training.get().getSpec().semanticIndexRef.name;
        } else {
            field = "spec.model.checkpointUri";
            uri = model.checkpointUri;
            status.semanticIndex = null;
        }
        ModelManifest manifest;
        try {
            manifest = ModelManifest.resolve(store, uri);
        } catch (ObjectNotFoundException e) {
            return Unresolved.invalid(field + ": no model manifest at " + uri
                    + (uri.equals(e.uri()) ? "" : " (" + e.getMessage() + ")"));
        }
        status.modelUri = uri;
        status.model = shortName(hasRef ? model.trainingRef.name : null, uri);
        status.modelSha256 = manifest.sha256();
        return null;
    }

    /** The MODEL column: the training's name, or the last two segments of a checkpoint URI. */
    static String shortName(String trainingName, String uri) {
        if (trainingName != null) {
            return trainingName;
        }
        String[] parts = uri.split("/");
        return parts.length < 2 ? uri : parts[parts.length - 2] + "/" + parts[parts.length - 1];
    }

    /** The Deployment's rollout, from the dependent's informer. */
    Rollout rollout(HsrlServingSpec spec, Context<HsrlServing> context) {
        Optional<Deployment> deployment = context.getSecondaryResource(Deployment.class);
        int wanted = spec.autoscaling == null ? spec.replicas
                : Math.max(spec.autoscaling.minReplicas,
                        deployment.map(d -> d.getSpec().getReplicas()).orElse(spec.autoscaling.minReplicas));
        int available = deployment.map(d -> d.getStatus() == null || d.getStatus().getAvailableReplicas() == null
                ? 0 : d.getStatus().getAvailableReplicas()).orElse(0);
        int updated = deployment.map(d -> d.getStatus() == null || d.getStatus().getUpdatedReplicas() == null
                ? 0 : d.getStatus().getUpdatedReplicas()).orElse(0);
        boolean rolledOut = deployment.map(d -> d.getStatus() != null && d.getStatus().getObservedGeneration() != null
                && d.getStatus().getObservedGeneration() >= d.getMetadata().getGeneration()).orElse(false);
        int ready = deployment.map(d -> d.getStatus() == null || d.getStatus().getReadyReplicas() == null
                ? 0 : d.getStatus().getReadyReplicas()).orElse(0);
        Optional<DeploymentCondition> stuck = deployment.flatMap(d -> d.getStatus() == null
                || d.getStatus().getConditions() == null ? Optional.empty()
                : d.getStatus().getConditions().stream().filter(c -> "Progressing".equals(c.getType())
                        && "False".equals(c.getStatus())).findFirst());
        return new Rollout(wanted, available, updated, ready, rolledOut, stuck);
    }
}
