package io.hsrl.operator.serving;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.hsrl.api.v1alpha1.HsrlServing;
import io.hsrl.operator.workload.Ownership;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;

/**
 * What the serving's dependents share: each is named after the HsrlServing, carries its labels and a controller
 * owner reference, and is assembled from the pass's {@link ServingPlan}.
 */
abstract class ServingDependent<R extends HasMetadata> extends CRUDKubernetesDependentResource<R, HsrlServing> {

    ServingDependent(Class<R> type) {
        super(type);
    }

    @Override
    protected final R desired(HsrlServing serving, Context<HsrlServing> context) {
        ServingPlan plan = context.managedWorkflowAndDependentResourceContext()
                .getMandatory(ServingPlan.KEY, ServingPlan.class);
        ObjectMeta metadata = new ObjectMetaBuilder()
                .withName(serving.getMetadata().getName())
                .withNamespace(serving.getMetadata().getNamespace())
                .withLabels(plan.labels())
                .withOwnerReferences(Ownership.controllerReference(serving))
                .build();
        return desired(serving, plan, metadata);
    }

    /** The object with {@code metadata} as its own. */
    protected abstract R desired(HsrlServing serving, ServingPlan plan, ObjectMeta metadata);
}
