package io.hsrl.operator.workload;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Names and label values derived from a resource's name, made to fit Kubernetes' 63-character limits before anything
 * is sent: a custom resource may be named with up to 253 characters, but a Job's name becomes the {@code job-name}
 * label of its pods and every label value is limited to 63. A derived value that would be longer keeps its readable
 * head and ends with a hash of the whole, so two long names that share a head still differ.
 */
public final class ObjectNames {
    /** Label values, DNS-1123 labels and the names of Jobs and Services. */
    public static final int MAX = 63;
    static final int HASH_CHARS = 8;

    private ObjectNames() {
    }

    /** {@code <name>-<suffix>}, shortened with a hash when longer than {@link #MAX}. */
    public static String child(String name, String suffix) {
        String full = name + "-" + suffix;
        if (full.length() <= MAX) {
            return full;
        }
        // keep the suffix readable: <head>-<hash>-<suffix>
        int head = MAX - suffix.length() - HASH_CHARS - 2;
        return trimEnd(name.substring(0, Math.max(1, head))) + "-" + hash(full) + "-" + suffix;
    }

    /** A label value: the value itself when it fits, else its head and a hash. */
    public static String labelValue(String value) {
        if (value == null || value.length() <= MAX) {
            return value;
        }
        return trimEnd(value.substring(0, MAX - HASH_CHARS - 1)) + "-" + hash(value);
    }

    /** A label value must end with an alphanumeric character; a cut may leave a '-' or '.' at the end. */
    private static String trimEnd(String s) {
        int end = s.length();
        while (end > 1 && !Character.isLetterOrDigit(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }

    static String hash(String s) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_CHARS).toLowerCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
