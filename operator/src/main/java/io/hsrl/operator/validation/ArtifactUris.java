package io.hsrl.operator.validation;

import io.hsrl.api.v1alpha1.HsrlApi;
import io.hsrl.store.ObjectUri;

import java.util.Optional;
import java.util.Set;

/**
 * What a URI in a spec may point at before a workload is created from it: an allowed scheme ({@code s3}, and
 * {@code file} for absolute paths inside the pod only where the deployment allows it), a valid bucket, a key without
 * {@code .} or {@code ..} segments (which would leave the prefix the URI names), and, for {@code s3://}, an object
 * store the operator can reach.
 */
public final class ArtifactUris {
    /** Why {@code s3://} URIs cannot be used: the operator itself has no object-store settings. */
    public static final String OBJECT_STORE_NOT_CONFIGURED = "ObjectStoreNotConfigured";

    private final Set<String> allowedSchemes;
    private final boolean objectStoreConfigured;

    public ArtifactUris(Set<String> allowedSchemes, boolean objectStoreConfigured) {
        this.allowedSchemes = Set.copyOf(allowedSchemes);
        this.objectStoreConfigured = objectStoreConfigured;
    }

    /** Checks a URI field; absent (null) URIs are the caller's concern. */
    public Optional<Invalid> check(String field, String uri) {
        if (uri == null) {
            return Optional.empty();
        }
        if (uri.isBlank()) {
            return Optional.of(Invalid.spec(field, "must not be empty"));
        }
        if (uri.length() > HsrlApi.MAX_URI) {
            return Optional.of(Invalid.spec(field, "longer than " + HsrlApi.MAX_URI + " characters"));
        }
        ObjectUri parsed;
        try {
            parsed = ObjectUri.parse(uri);
        } catch (IllegalArgumentException e) {
            return Optional.of(Invalid.spec(field, e.getMessage()));
        }
        String scheme = parsed.isS3() ? "s3" : "file";
        if (!allowedSchemes.contains(scheme)) {
            return Optional.of(Invalid.spec(field, (parsed.isS3() ? "s3:// URIs" : "local paths ('" + uri + "')")
                    + " are not allowed by this operator (allowed: " + String.join(", ", allowedSchemes.stream()
                    .sorted().map(s -> s.equals("s3") ? "s3://bucket/key" : "absolute paths").toList()) + ")"));
        }
        String path = parsed.isS3() ? parsed.key() : uri.startsWith("file:") ? uri.substring(5) : uri;
        if (!parsed.isS3() && !path.startsWith("/")) {
            return Optional.of(Invalid.spec(field, "a local path must be absolute, got '" + uri + "'"));
        }
        if (parsed.isS3() && path.isEmpty()) {
            return Optional.of(Invalid.spec(field, "names a bucket but no key: s3://" + parsed.bucket() + "/<key>"));
        }
        for (String segment : path.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".")) {
                return Optional.of(Invalid.spec(field, "must not contain '" + segment + "' segments: " + uri));
            }
        }
        if (parsed.isS3() && !objectStoreConfigured) {
            return Optional.of(new Invalid(OBJECT_STORE_NOT_CONFIGURED, field, "an s3:// URI, but the operator has no "
                    + "object-store settings (hsrl.operator.object-store.endpoint or HSRL_S3_ENDPOINT)"));
        }
        return Optional.empty();
    }
}
