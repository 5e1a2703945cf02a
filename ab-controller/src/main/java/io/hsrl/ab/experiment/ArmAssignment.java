package io.hsrl.ab.experiment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Sticky assignment of users to arms: SHA-256 of "salt:userId" mapped to one of 10,000 buckets; buckets below
 * treatmentPercent · 100 are the treatment. The same user always lands in the same bucket, and raising the
 * percentage only moves users from control to treatment, never back. A new salt reshuffles everyone.
 */
public final class ArmAssignment {
    public static final int BUCKETS = 10_000;

    private ArmAssignment() {
    }

    public static int bucket(String salt, String userId) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
        sha.update(salt.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) ':');
        byte[] h = sha.digest(userId.getBytes(StandardCharsets.UTF_8));
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (h[i] & 0xff);
        }
        return (int) Long.remainderUnsigned(v, BUCKETS);
    }

    public static Arm assign(String salt, String userId, int treatmentPercent) {
        return bucket(salt, userId) < treatmentPercent * (BUCKETS / 100) ? Arm.TREATMENT : Arm.CONTROL;
    }
}
