package io.hsrl.operator.serving;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.hsrl.api.v1alpha1.HsrlApi;
import io.hsrl.api.v1alpha1.HsrlServing;
import io.hsrl.api.v1alpha1.HsrlServingSpec;
import io.hsrl.api.v1alpha1.HsrlServingStatus;
import io.hsrl.api.v1alpha1.HsrlTraining;
import io.hsrl.artifact.ModelManifest;
import io.hsrl.contracts.ServingEnvironment;
import io.hsrl.operator.config.OperatorConfig;
import io.hsrl.operator.events.EventRecorder;
import io.hsrl.operator.metrics.ResourceGauges;
import io.hsrl.operator.status.StatusRecorder;
import io.hsrl.operator.status.StatusSnapshot;
import io.hsrl.operator.validation.Invalid;
import io.hsrl.operator.validation.SpecValidator;
import io.hsrl.operator.workload.Ownership;
import io.hsrl.operator.workload.WorkloadPod;
import io.hsrl.store.ObjectNotFoundException;
import io.hsrl.store.ObjectStore;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * HsrlServing → resolve the model (a Complete HsrlTraining's modelUri, or a checkpoint URI) → Deployment + Service
 * (+ HorizontalPodAutoscaler) as dependent resources → Ready when the Deployment's available replicas match.
 */
@Workflow(explicitInvocation = true, dependents = {
        @Dependent(name = "deployment", type = ServingDeployment.class),
        @Dependent(name = "service", type = ServingService.class),
        @Dependent(name = "autoscaler", type = ServingAutoscaler.class, dependsOn = "deployment",
                reconcilePrecondition = ServingAutoscaler.Enabled.class)})
// a failed pass is retried 2 s, 4 s, ... up to every 5 min; its cause stays on the status meanwhile
@GradualRetry(maxAttempts = 1000, initialInterval = 2000, intervalMultiplier = 2, maxInterval = 300000)
@ControllerConfiguration(name = HsrlServingReconciler.NAME)
public class HsrlServingReconciler implements Reconciler<HsrlServing> {
    public static final String NAME = "hsrlserving";
    public static final String COMPONENT = "serving";
    static final String KIND = "HsrlServing";
    static final String TRAINING_REF = "trainingRef";

    private final OperatorConfig config;
    private final ObjectStore store;
    private final EventRecorder events;
    private final ResourceGauges gauges;
    private final SpecValidator validator;
    private final StatusRecorder recorder;
    private volatile InformerEventSource<HsrlTraining, HsrlServing> trainings;

    public HsrlServingReconciler(OperatorConfig config, ObjectStore store, EventRecorder events,
            ResourceGauges gauges, SpecValidator validator, StatusRecorder recorder) {
        this.validator = validator;
        this.recorder = recorder;
        this.config = config;
        this.store = store;
        this.events = events;
        this.gauges = gauges;
    }

    @Override
    public List<EventSource<?, HsrlServing>> prepareEventSources(EventSourceContext<HsrlServing> context) {
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

    @Override
    public UpdateControl<HsrlServing> reconcile(HsrlServing serving, Context<HsrlServing> context) throws IOException {
        // observe
        if (serving.getStatus() == null) {
            serving.setStatus(new HsrlServingStatus());
        }
        HsrlServingStatus status = serving.getStatus();
        StatusSnapshot before = StatusSnapshot.of(status);
        long generation = serving.getMetadata().getGeneration();
        String ns = serving.getMetadata().getNamespace();
        String name = serving.getMetadata().getName();
        status.observedGeneration = generation;

        // validate: the spec, then the model; on failure the running Deployment (if any) is left as it is
        Optional<Invalid> invalid = validator.serving(serving);
        if (invalid.isPresent()) {
            recorder.invalid(serving, status, invalid.get());
            return recorder.write(serving, before, null);
        }
        Unresolved unresolved = resolveModel(serving);
        if (unresolved != null) {
            if (status.setCondition(HsrlApi.READY, false, unresolved.reason(), unresolved.message(), generation)) {
                if (unresolved.reason().equals(WAITING_FOR_TRAINING)) {
                    events.normal(serving, unresolved.reason(), unresolved.message());
                } else {
                    events.warning(serving, unresolved.reason(), unresolved.message());
                }
            }
            return recorder.write(serving, before, null);
        }

        // reconcile the dependents with this pass's plan
        HsrlServingSpec spec = serving.getSpec();
        PodSpec pod = pod(spec, status, config);
        context.managedWorkflowAndDependentResourceContext().put(ServingPlan.KEY, new ServingPlan(status.modelUri,
                status.modelSha256, pod, Ownership.labels(serving, COMPONENT), Ownership.selector(serving, COMPONENT)));
        context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();

        // aggregate status from the Deployment
        status.endpoint = "http://" + name + "." + ns + ".svc:" + ServingService.PORT;
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
        status.replicas = wanted;
        status.readyReplicas = deployment.map(d -> d.getStatus() == null || d.getStatus().getReadyReplicas() == null
                ? 0 : d.getStatus().getReadyReplicas()).orElse(0);
        gauges.set("hsrl_serving_ready_replicas", KIND, ns, name, status.readyReplicas.doubleValue());

        Optional<DeploymentCondition> stuck = deployment.flatMap(d -> d.getStatus() == null
                || d.getStatus().getConditions() == null ? Optional.empty()
                : d.getStatus().getConditions().stream().filter(c -> "Progressing".equals(c.getType())
                        && "False".equals(c.getStatus())).findFirst());
        status.setCondition(HsrlApi.DEGRADED, stuck.isPresent(),
                stuck.map(c -> c.getReason() == null ? "RolloutStuck" : c.getReason()).orElse("RolloutHealthy"),
                stuck.map(c -> c.getMessage() == null ? "the rollout makes no progress" : c.getMessage())
                        .orElse("no rollout problem reported"), generation);
        boolean ready = rolledOut && available >= wanted && updated >= wanted;
        String progress = available + "/" + wanted + " replicas available, " + updated + " updated";
        status.setCondition(HsrlApi.PROGRESSING, !ready, ready ? "RolloutComplete" : "RollingOut", progress,
                generation);
        String readyMsg = "serving " + status.modelUri + " at " + status.endpoint + " (" + progress + ")";
        if (status.setCondition(HsrlApi.READY, ready, ready ? "Available" : "RollingOut", readyMsg, generation)
                && ready) {
            events.normal(serving, "ServingReady", "Serving ready: " + readyMsg);
        }
        return recorder.write(serving, before, null);
    }

    @Override
    public ErrorStatusUpdateControl<HsrlServing> updateErrorStatus(HsrlServing serving, Context<HsrlServing> context,
            Exception e) {
        return recorder.failed(serving, new HsrlServingStatus(), e);
    }

    /** The server's pod: the serving image with its contract ({@link ServingEnvironment}) as the environment. */
    public static PodSpec pod(HsrlServingSpec spec, HsrlServingStatus status, OperatorConfig config) {
        return new WorkloadPod("server", config.servingImage(), List.of(), spec.pod)
                .objectStoreFrom(spec.objectStore, config)
                .env(environment(spec, status).toEnv())
                .container(new ContainerBuilder()
                        .addNewPort().withName("http").withContainerPort(ServingService.PORT).withProtocol("TCP").endPort()
                        // ready only once model and index are loaded
                        .withNewReadinessProbe().withNewHttpGet().withPath("/q/health/ready")
                        .withPort(new IntOrString("http")).endHttpGet().withPeriodSeconds(5).endReadinessProbe()
                        .withNewLivenessProbe().withNewHttpGet().withPath("/q/health/live")
                        .withPort(new IntOrString("http")).endHttpGet().withInitialDelaySeconds(30).endLivenessProbe()
                        .build())
                .build(config);
    }

    /** The server's pod environment: the contract the policy server's configuration reads. */
    static ServingEnvironment environment(HsrlServingSpec spec, HsrlServingStatus status) {
        return new ServingEnvironment(status.modelUri, status.modelSha256, spec.slateSize, spec.beamWidth);
    }

    /** Why the model cannot be served yet: a condition reason and a message naming the field. */
    record Unresolved(String reason, String message) {
        static Unresolved invalid(String message) {
            return new Unresolved(HsrlApi.REASON_INVALID_SPEC, message);
        }
    }

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

    /** Sets status.modelUri, modelSha256 and semanticIndex; returns why it cannot, naming the field. */
    private Unresolved resolveModel(HsrlServing serving) throws IOException {
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
}
