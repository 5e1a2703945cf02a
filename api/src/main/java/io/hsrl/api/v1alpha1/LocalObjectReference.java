package io.hsrl.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A reference to another resource in the same namespace. */
public class LocalObjectReference {
    @Required
    @Size(max = HsrlApi.MAX_NAME)
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    @JsonPropertyDescription("Name of the referenced resource, in the same namespace.")
    public String name;

    public LocalObjectReference() {
    }

    public LocalObjectReference(String name) {
        this.name = name;
    }
}
