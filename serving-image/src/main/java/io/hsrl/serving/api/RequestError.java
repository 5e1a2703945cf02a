package io.hsrl.serving.api;

/** A request the server refuses: HTTP status (400, 413), the JSON field at fault, and why. */
final class RequestError extends Exception {
    private final int status;
    private final String field;

    RequestError(int status, String field, String message) {
        super(message, null, false, false);
        this.status = status;
        this.field = field;
    }

    int status() {
        return status;
    }

    ApiError body() {
        return new ApiError(getMessage(), field);
    }
}
