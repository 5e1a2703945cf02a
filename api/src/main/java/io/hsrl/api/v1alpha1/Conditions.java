package io.hsrl.api.v1alpha1;

import io.fabric8.kubernetes.api.model.Condition;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The one place where conditions are built, for every kind. It stamps {@code observedGeneration} and keeps
 * {@code lastTransitionTime} unless {@code status} really changes (Kubernetes API conventions).
 */
public final class Conditions {
    public static final String TRUE = "True";
    public static final String FALSE = "False";
    public static final String UNKNOWN = "Unknown";

    private static volatile Clock clock = Clock.systemUTC();

    private Conditions() {
    }

    /** For tests that check transition times. */
    public static void useClock(Clock c) {
        clock = Objects.requireNonNull(c);
    }

    public static boolean set(List<Condition> conditions, String type, boolean status, String reason, String message,
            Long generation) {
        return set(conditions, type, status ? TRUE : FALSE, reason, message, generation);
    }

    /**
     * Sets condition {@code type}. Returns true when anything observable changed (so that a caller can skip a
     * status write when nothing did).
     */
    public static boolean set(List<Condition> conditions, String type, String status, String reason, String message,
            Long generation) {
        Objects.requireNonNull(type, "type");
        if (!TRUE.equals(status) && !FALSE.equals(status) && !UNKNOWN.equals(status)) {
            throw new IllegalArgumentException("condition status must be True, False or Unknown, was " + status);
        }
        if (reason == null || !reason.matches("^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$")) {
            throw new IllegalArgumentException("condition reason must be CamelCase, was " + reason);
        }
        Optional<Condition> existing = find(conditions, type);
        if (existing.isPresent()) {
            Condition c = existing.get();
            boolean statusChanged = !status.equals(c.getStatus());
            boolean changed = statusChanged || !reason.equals(c.getReason())
                    || !Objects.equals(message, c.getMessage())
                    || !Objects.equals(generation, c.getObservedGeneration());
            if (statusChanged || c.getLastTransitionTime() == null) {
                c.setLastTransitionTime(now());
            }
            c.setStatus(status);
            c.setReason(reason);
            c.setMessage(message);
            c.setObservedGeneration(generation);
            return changed;
        }
        Condition c = new Condition();
        c.setType(type);
        c.setStatus(status);
        c.setReason(reason);
        c.setMessage(message);
        c.setObservedGeneration(generation);
        c.setLastTransitionTime(now());
        conditions.add(c);
        return true;
    }

    public static Optional<Condition> find(List<Condition> conditions, String type) {
        if (conditions == null) {
            return Optional.empty();
        }
        return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    public static boolean isTrue(List<Condition> conditions, String type) {
        return find(conditions, type).map(c -> TRUE.equals(c.getStatus())).orElse(false);
    }

    public static boolean remove(List<Condition> conditions, String type) {
        return conditions != null && conditions.removeIf(c -> type.equals(c.getType()));
    }

    private static String now() {
        return DateTimeFormatter.ISO_INSTANT.format(Instant.now(clock).truncatedTo(ChronoUnit.SECONDS));
    }
}
