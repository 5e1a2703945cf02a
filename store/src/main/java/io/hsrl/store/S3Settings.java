package io.hsrl.store;

import java.util.Map;
import java.util.Objects;

/**
 * How to reach the S3 server. From the environment: {@code HSRL_S3_ENDPOINT} (e.g. http://minio:9000),
 * {@code HSRL_S3_ACCESS_KEY}, {@code HSRL_S3_SECRET_KEY}, {@code HSRL_S3_REGION} (default us-east-1).
 */
public record S3Settings(String endpoint, String accessKey, String secretKey, String region) {
    public static final String ENDPOINT = "HSRL_S3_ENDPOINT";
    public static final String ACCESS_KEY = "HSRL_S3_ACCESS_KEY";
    public static final String SECRET_KEY = "HSRL_S3_SECRET_KEY";
    public static final String REGION = "HSRL_S3_REGION";

    public S3Settings {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(accessKey, "accessKey");
        Objects.requireNonNull(secretKey, "secretKey");
        region = region == null || region.isBlank() ? "us-east-1" : region;
    }

    /** Reads the settings from environment-like variables; throws naming the missing variable. */
    public static S3Settings from(Map<String, String> env) {
        return new S3Settings(required(env, ENDPOINT), required(env, ACCESS_KEY), required(env, SECRET_KEY),
                env.get(REGION));
    }

    private static String required(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("s3:// URIs need the environment variable " + name
                    + " (and " + ENDPOINT + ", " + ACCESS_KEY + ", " + SECRET_KEY + ")");
        }
        return v;
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "S3Settings[endpoint=" + endpoint + ", region=" + region + "]";
    }
}
