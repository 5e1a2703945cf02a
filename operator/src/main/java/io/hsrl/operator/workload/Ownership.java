package io.hsrl.operator.workload;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;

import java.util.LinkedHashMap;
import java.util.Map;

/** Labels and the controller owner reference that every object the operator creates carries. */
public final class Ownership {
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String OPERATOR = "hsrl-operator";
    public static final String INSTANCE = "app.kubernetes.io/instance";
    public static final String COMPONENT = "app.kubernetes.io/component";
    public static final String NAME = "app.kubernetes.io/name";
    /** The owner's generation a workload was made for: a new generation replaces the workload. */
    public static final String GENERATION = "hsrl.io/generation";
    /** Label selector of the informers: only our own Jobs, Deployments and Services are cached. */
    public static final String SELECTOR = MANAGED_BY + "=" + OPERATOR;

    private Ownership() {
    }

    /** The standard labels; the instance label is the owner's name, shortened with a hash past 63 characters. */
    public static Map<String, String> labels(HasMetadata owner, String component) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(NAME, "hsrl");
        labels.put(INSTANCE, ObjectNames.labelValue(owner.getMetadata().getName()));
        labels.put(COMPONENT, component);
        labels.put(MANAGED_BY, OPERATOR);
        return labels;
    }

    /** Pod selector: stable across rollouts (no generation, no model). */
    public static Map<String, String> selector(HasMetadata owner, String component) {
        return Map.of(INSTANCE, ObjectNames.labelValue(owner.getMetadata().getName()), COMPONENT, component, MANAGED_BY, OPERATOR);
    }

    /** A controller reference, so that garbage collection removes the object with its owner. */
    public static OwnerReference controllerReference(HasMetadata owner) {
        return new OwnerReferenceBuilder()
                .withApiVersion(owner.getApiVersion())
                .withKind(owner.getKind())
                .withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }
}
