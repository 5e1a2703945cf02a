package io.hsrl.serving.api;

/** Error body: what is wrong, and the request field it concerns (null when not about a field). */
public record ApiError(String error, String field) {
}
