package io.hsrl.serving.model;

import java.util.Map;

/**
 * What is being served, for {@code GET /v1/model} and every response: {@code uri} is the manifest actually loaded,
 * {@code sha256} the digest of its bytes (the manifest pins every file's digest, so it identifies the model).
 */
public record ModelDescription(
        String uri,
        String requestedUri,
        String sha256,
        String mode,
        String algorithm,
        long iteration,
        String indexUri,
        int items,
        int sidLength,
        String loadedAt,
        Map<String, Object> details) {

    /** The part stamped on each response. */
    public Stamp stamp() {
        return new Stamp(uri, sha256, mode);
    }

    public record Stamp(String uri, String sha256, String mode) {
    }
}
