package io.hsrl.operator.serving;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.autoscaling.v1.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v1.HorizontalPodAutoscalerBuilder;
import io.hsrl.api.v1alpha1.Autoscaling;
import io.hsrl.api.v1alpha1.HsrlServing;
import io.hsrl.operator.workload.Ownership;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/**
 * HorizontalPodAutoscaler {@code <name>} when {@code spec.autoscaling} is set. autoscaling/v1 (CPU target) is
 * served by every Kubernetes version we meet, 1.20 included, and is exactly what the spec can say.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Ownership.SELECTOR))
public class ServingAutoscaler extends ServingDependent<HorizontalPodAutoscaler> {

    public ServingAutoscaler() {
        super(HorizontalPodAutoscaler.class);
    }

    @Override
    protected HorizontalPodAutoscaler desired(HsrlServing serving, ServingPlan plan, ObjectMeta metadata) {
        // also asked for when spec.autoscaling is gone: JOSDK names the object it deletes from the desired state
        Autoscaling a = serving.getSpec().autoscaling == null ? new Autoscaling() : serving.getSpec().autoscaling;
        return new HorizontalPodAutoscalerBuilder()
                .withMetadata(metadata)
                .withNewSpec()
                .withNewScaleTargetRef().withApiVersion("apps/v1").withKind("Deployment")
                .withName(serving.getMetadata().getName()).endScaleTargetRef()
                .withMinReplicas(a.minReplicas)
                .withMaxReplicas(a.maxReplicas)
                .withTargetCPUUtilizationPercentage(a.targetCPUUtilizationPercentage)
                .endSpec()
                .build();
    }

    /**
     * Reconcile precondition: the autoscaler exists only while {@code spec.autoscaling} is set. When it turns false
     * JOSDK deletes the autoscaler; an activation condition would only stop reconciling it and leave it in place
     * (seen on a real API server: the HPA kept scaling the Deployment after autoscaling was removed).
     */
    public static final class Enabled
            implements io.javaoperatorsdk.operator.processing.dependent.workflow.Condition<HorizontalPodAutoscaler, HsrlServing> {
        @Override
        public boolean isMet(io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource<HorizontalPodAutoscaler, HsrlServing> dependent,
                HsrlServing serving, Context<HsrlServing> context) {
            return serving.getSpec().autoscaling != null;
        }
    }
}
