package io.hsrl.api.crd;

import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.hsrl.api.v1alpha1.HsrlApi;
import io.hsrl.api.v1alpha1.PodOverrides;

import java.util.List;
import java.util.Map;

/**
 * Bounds for the Kubernetes core types embedded in our specs ({@link PodOverrides}: resources, tolerations, node
 * selector). Their classes come from Fabric8 and carry no schema annotations, so the generator adds the bounds the
 * API server itself applies to them (label-value and qualified-name lengths, the quantity grammar); a bad quantity is
 * then rejected when the resource is applied instead of when the operator creates a pod from it.
 */
final class CoreTypeBounds {
    /** Kubernetes' resource.Quantity grammar (k8s.io/apimachinery/pkg/api/resource). */
    static final String QUANTITY = "^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$";
    static final long LABEL_VALUE = 63;
    /** A qualified name: an optional DNS-subdomain prefix, '/', and a 63-character name. */
    static final long QUALIFIED_NAME = 317;

    private CoreTypeBounds() {
    }

    /** Adds the bounds to {@code spec.pod} of a CRD's schema, when it has one. */
    static void apply(JSONSchemaProps spec) {
        JSONSchemaProps pod = spec == null || spec.getProperties() == null ? null : spec.getProperties().get("pod");
        if (pod == null) {
            return;
        }
        Map<String, JSONSchemaProps> p = pod.getProperties();
        JSONSchemaProps nodeSelector = p.get("nodeSelector");
        nodeSelector.getAdditionalProperties().getSchema().setMaxLength(LABEL_VALUE);

        JSONSchemaProps resources = p.get("resources");
        for (String map : List.of("limits", "requests")) {
            JSONSchemaProps m = resources.getProperties().get(map);
            m.setMaxProperties(16L);
            m.getAdditionalProperties().getSchema().setPattern(QUANTITY);
        }
        JSONSchemaProps claims = resources.getProperties().get("claims");
        claims.setMaxItems(8L);
        claims.getItems().getSchema().getProperties().values().forEach(s -> s.setMaxLength(LABEL_VALUE));

        JSONSchemaProps toleration = p.get("tolerations").getItems().getSchema();
        Map<String, JSONSchemaProps> t = toleration.getProperties();
        t.get("key").setMaxLength(QUALIFIED_NAME);
        t.get("value").setMaxLength(LABEL_VALUE);
        t.get("operator").setMaxLength(16L);
        t.get("effect").setMaxLength(32L);
        t.get("tolerationSeconds").setMinimum(0.0);
        t.get("tolerationSeconds").setMaximum((double) HsrlApi.MAX_DEADLINE_SECONDS);
    }
}
