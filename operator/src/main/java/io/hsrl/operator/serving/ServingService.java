package io.hsrl.operator.serving;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.hsrl.api.v1alpha1.HsrlServing;
import io.hsrl.operator.workload.Ownership;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/**
 * Service {@code <name>} on port 8080. Created without the create-only resourceVersion of server-side apply, which
 * kube-apiserver 1.20 rejects (dependencies.md).
 */
@KubernetesDependent(createResourceOnlyIfNotExistingWithSSA = false,
        informer = @Informer(labelSelector = Ownership.SELECTOR))
public class ServingService extends ServingDependent<Service> {
    public static final int PORT = 8080;

    public ServingService() {
        super(Service.class);
    }

    @Override
    protected Service desired(HsrlServing serving, ServingPlan plan, ObjectMeta metadata) {
        return new ServiceBuilder()
                .withMetadata(metadata)
                .withNewSpec()
                .withSelector(plan.selector())
                .addNewPort().withName("http").withProtocol("TCP").withPort(PORT)
                .withNewTargetPort("http").endPort()
                .endSpec()
                .build();
    }
}
