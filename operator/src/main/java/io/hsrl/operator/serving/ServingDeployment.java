package io.hsrl.operator.serving;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.hsrl.api.v1alpha1.HsrlServing;
import io.hsrl.operator.workload.Ownership;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

import java.util.Map;

/** Deployment {@code <name>}: the policy server with the model URI and digest in its pod template. */
@KubernetesDependent(informer = @Informer(labelSelector = Ownership.SELECTOR))
public class ServingDeployment extends ServingDependent<Deployment> {
    /** Pod-template annotation: a new model changes the template, so the Deployment rolls. */
    public static final String MODEL_DIGEST = "hsrl.io/model-sha256";

    public ServingDeployment() {
        super(Deployment.class);
    }

    @Override
    protected Deployment desired(HsrlServing serving, ServingPlan plan, ObjectMeta metadata) {
        return new DeploymentBuilder()
                .withMetadata(metadata)
                .withNewSpec()
                // with autoscaling the HorizontalPodAutoscaler owns the replica count
                .withReplicas(serving.getSpec().autoscaling == null ? serving.getSpec().replicas : null)
                .withNewSelector().withMatchLabels(plan.selector()).endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(plan.labels())
                .withAnnotations(Map.of(MODEL_DIGEST, plan.modelSha256()))
                .endMetadata()
                .withSpec(plan.pod())
                .endTemplate()
                .endSpec()
                .build();
    }
}
