package io.hsrl.operator.serving;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.hsrl.api.v1alpha1.HsrlApi;
import io.hsrl.api.v1alpha1.HsrlServing;
import io.hsrl.api.v1alpha1.HsrlServingSpec;
import io.hsrl.api.v1alpha1.HsrlServingStatus;
import io.hsrl.contracts.ServingEnvironment;
import io.hsrl.operator.config.OperatorConfig;
import io.hsrl.operator.events.EventRecorder;
import io.hsrl.operator.metrics.ResourceGauges;
import io.hsrl.operator.status.StatusRecorder;
import io.hsrl.operator.status.ObservedStatus;
import io.hsrl.operator.status.StatusSnapshot;
import io.hsrl.operator.validation.Invalid;
import io.hsrl.operator.validation.SpecValidator;
import io.hsrl.operator.workload.Ownership;
import io.hsrl.operator.workload.WorkloadPod;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * HsrlServing → resolve the model (a Complete HsrlTraining's modelUri, or a checkpoint URI) → Deployment + Service
 * (+ HorizontalPodAutoscaler) as dependent resources → Ready when the Deployment's available replicas match. A pass
 * reads observe ({@link ServingObserver}) → validate ({@link SpecValidator}, then the model) → reconcile the
 * dependents → record status ({@link StatusRecorder}).
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

    private final ServingObserver observer;
    private final SpecValidator validator;
    private final OperatorConfig config;
    private final EventRecorder events;
    private final ResourceGauges gauges;
    private final StatusRecorder recorder;

    HsrlServingReconciler(ServingObserver observer, SpecValidator validator, OperatorConfig config,
            EventRecorder events, ResourceGauges gauges, StatusRecorder recorder) {
        this.observer = observer;
        this.validator = validator;
        this.config = config;
        this.events = events;
        this.gauges = gauges;
        this.recorder = recorder;
    }

    @Override
    public List<EventSource<?, HsrlServing>> prepareEventSources(EventSourceContext<HsrlServing> context) {
        return observer.eventSources(context);
    }

    @Override
    public UpdateControl<HsrlServing> reconcile(HsrlServing serving, Context<HsrlServing> context) throws IOException {
        ObservedStatus<HsrlServingStatus> observed = observer.observe(serving);
        HsrlServingStatus status = observed.status();
        StatusSnapshot before = observed.before();
        long generation = serving.getMetadata().getGeneration();
        String ns = serving.getMetadata().getNamespace();
        String name = serving.getMetadata().getName();

        // validate: the spec, then the model; on failure the running Deployment (if any) is left as it is
        Optional<Invalid> invalid = validator.serving(serving);
        if (invalid.isPresent()) {
            recorder.invalid(serving, status, invalid.get());
            return recorder.write(serving, before, null);
        }
        ServingObserver.Unresolved unresolved = observer.model(serving);
        if (unresolved != null) {
            if (status.setCondition(HsrlApi.READY, false, unresolved.reason(), unresolved.message(), generation)) {
                if (unresolved.reason().equals(ServingObserver.WAITING_FOR_TRAINING)) {
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

        // record status from the Deployment's rollout
        status.endpoint = "http://" + name + "." + ns + ".svc:" + ServingService.PORT;
        ServingObserver.Rollout rollout = observer.rollout(spec, context);
        status.replicas = rollout.wanted();
        status.readyReplicas = rollout.ready();
        gauges.set("hsrl_serving_ready_replicas", KIND, ns, name, status.readyReplicas.doubleValue());

        Optional<DeploymentCondition> stuck = rollout.stuck();
        status.setCondition(HsrlApi.DEGRADED, stuck.isPresent(),
                stuck.map(c -> c.getReason() == null ? "RolloutStuck" : c.getReason()).orElse("RolloutHealthy"),
                stuck.map(c -> c.getMessage() == null ? "the rollout makes no progress" : c.getMessage())
                        .orElse("no rollout problem reported"), generation);
        boolean ready = rollout.complete();
        String progress = rollout.summary();
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
}
