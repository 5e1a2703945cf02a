package io.hsrl.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** One arm of an experiment: the HsrlServing that answers its users. */
public class ExperimentArm {
    @Required
    @JsonPropertyDescription("The HsrlServing (same namespace) that serves this arm.")
    public LocalObjectReference servingRef;

    public ExperimentArm() {
    }

    public ExperimentArm(String servingName) {
        this.servingRef = new LocalObjectReference(servingName);
    }
}
