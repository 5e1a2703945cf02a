package io.hsrl.store;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A parsed object location: {@code s3://bucket/key} or a local path (absolute or relative, or {@code file:} URI).
 */
public record ObjectUri(String bucket, String key, Path path) {
    public ObjectUri {
        if ((path == null) == (bucket == null)) {
            throw new IllegalArgumentException("an object URI is either s3 (bucket, key) or a local path");
        }
    }

    public static ObjectUri parse(String uri) {
        Objects.requireNonNull(uri, "uri");
        if (uri.isBlank()) {
            throw new IllegalArgumentException("empty object URI");
        }
        if (uri.startsWith("s3://")) {
            String rest = uri.substring(5);
            int slash = rest.indexOf('/');
            String bucket = slash < 0 ? rest : rest.substring(0, slash);
            String key = slash < 0 ? "" : rest.substring(slash + 1);
            if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
                throw new IllegalArgumentException("invalid bucket name '" + bucket + "' in " + uri);
            }
            return new ObjectUri(bucket, key, null);
        }
        if (uri.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*") && !uri.startsWith("file:")) {
            throw new IllegalArgumentException("unsupported object URI scheme in " + uri + " (use s3://bucket/key or a path)");
        }
        return new ObjectUri(null, null, uri.startsWith("file:") ? Path.of(java.net.URI.create(uri)) : Path.of(uri));
    }

    public boolean isS3() {
        return bucket != null;
    }

    /** Appends a relative part with exactly one '/' between, for s3 and local URIs alike. */
    public static String resolve(String base, String child) {
        if (child.startsWith("/")) {
            child = child.substring(1);
        }
        if (base.endsWith("/")) {
            return base + child;
        }
        return base + "/" + child;
    }

    /** A URI named in a file: absolute ({@code s3://}, {@code /}, {@code file:}) as it is, else relative to {@code folder}. */
    public static String resolveNamed(String folder, String named) {
        return isAbsolute(named) ? named : resolve(folder, named);
    }

    public static boolean isAbsolute(String uri) {
        return uri.startsWith("s3://") || uri.startsWith("/") || uri.startsWith("file:");
    }

    /** The parent "folder" of a URI (everything before the last '/'). */
    public static String parent(String uri) {
        String u = uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
        int i = u.lastIndexOf('/');
        return i <= 0 ? u : u.substring(0, i);
    }

    @Override
    public String toString() {
        return isS3() ? "s3://" + bucket + "/" + key : path.toString();
    }
}
