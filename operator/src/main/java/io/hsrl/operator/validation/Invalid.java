package io.hsrl.operator.validation;

/** A spec value the operator will not act on: the field's path and what is wrong with it. */
public record Invalid(String reason, String field, String problem) {
    /** The field of the custom resource is wrong: the user fixes the spec. */
    public static Invalid spec(String field, String problem) {
        return new Invalid(io.hsrl.api.v1alpha1.HsrlApi.REASON_INVALID_SPEC, field, problem);
    }

    /** "spec.catalog.uri: ..." as the condition message and the Warning event say it. */
    public String message() {
        return field + ": " + problem;
    }
}
