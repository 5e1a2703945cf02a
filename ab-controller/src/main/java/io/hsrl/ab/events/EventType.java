package io.hsrl.ab.events;

import java.util.Locale;
import java.util.Optional;

/**
 * What a log record counts. Exposures (and the covariate sent with them) come from the router; the rest from
 * {@code POST /v1/events}. New types go at the end: the log stores the ordinal.
 */
public enum EventType {
    EXPOSURE, CLICK, CONVERSION, COST,
    /** The user's exposures before the experiment (the CUPED covariate); the latest value counts, not a sum. */
    PRE_EXPOSURES,
    /** The user's conversions before the experiment; the latest value counts. */
    PRE_CONVERSIONS;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The types a client may send (exposures are counted by the router itself). */
    public static Optional<EventType> fromClient(String s) {
        return switch (s) {
            case "click" -> Optional.of(CLICK);
            case "conversion" -> Optional.of(CONVERSION);
            case "cost" -> Optional.of(COST);
            default -> Optional.empty();
        };
    }
}
