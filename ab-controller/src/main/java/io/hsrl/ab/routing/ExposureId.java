package io.hsrl.ab.routing;

import io.hsrl.ab.experiment.Arm;
import io.hsrl.ab.experiment.ExperimentKey;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The opaque id stamped on each routed response. It carries the experiment, arm and user, so that an event sent
 * with it needs no lookup and is attributed to the arm the user was actually assigned when served.
 */
public record ExposureId(ExperimentKey experiment, Arm arm, String userId) {
    private static final String VERSION = "1";

    public String encode() {
        String nonce = Long.toHexString(ThreadLocalRandom.current().nextLong());
        String raw = VERSION + "|" + experiment + "|" + (arm == Arm.CONTROL ? "c" : "t") + "|" + nonce + "|" + userId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** Empty when {@code text} is not an id issued by this controller. */
    public static Optional<ExposureId> decode(String text) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            String[] p = raw.split("\\|", 5);
            if (p.length != 5 || !VERSION.equals(p[0]) || !(p[2].equals("c") || p[2].equals("t")) || p[4].isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new ExposureId(ExperimentKey.parse(p[1], "-"), p[2].equals("c") ? Arm.CONTROL : Arm.TREATMENT,
                    p[4]));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
