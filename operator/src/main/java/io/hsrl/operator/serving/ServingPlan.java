package io.hsrl.operator.serving;

import io.fabric8.kubernetes.api.model.PodSpec;

import java.util.Map;

/**
 * What the reconciler resolved for one pass (model, pod), handed to the dependents through the workflow context so
 * that each dependent's {@code desired()} only assembles its object.
 */
record ServingPlan(String modelUri, String modelSha256, PodSpec pod, Map<String, String> labels,
        Map<String, String> selector) {
    static final String KEY = "hsrl.io/serving-plan";
}
