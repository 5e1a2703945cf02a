package io.hsrl.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A spec that {@link LenientRead} stands in for when the stored one cannot be read (for example a value beyond the
 * field's type, admitted by an older CRD): the controller then reports what could not be read, naming the field,
 * instead of the whole kind's informer stopping on it.
 */
public interface LenientlyRead {
    /**
     * The JSON property that carries {@link #unreadable()} through the framework's copies of a resource (it clones
     * by serialising); not in the CRDs' schemas, so the API server prunes it should it ever be sent.
     */
    String PROPERTY = "unreadable";

    /** Why the stored value could not be read, starting with the field path; null when it was read. */
    @JsonProperty(PROPERTY)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    String unreadable();

    @JsonProperty(PROPERTY)
    void unreadable(String why);
}
