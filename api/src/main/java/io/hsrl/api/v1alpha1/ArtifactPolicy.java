package io.hsrl.api.v1alpha1;

/** What happens to object-store artefacts when their resource is deleted. */
public enum ArtifactPolicy {
    /** Keep the artefacts (the default): deleting a resource never loses a model. */
    Retain,
    /** Delete the artefacts with the resource (the operator then holds a finalizer). */
    Delete
}
