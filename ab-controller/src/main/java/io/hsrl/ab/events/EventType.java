package io.hsrl.ab.events;

import java.util.Locale;
import java.util.Optional;

/** What a log record counts. Exposures come from the router; the rest from {@code POST /v1/events}. */
public enum EventType {
    EXPOSURE, CLICK, CONVERSION, COST;

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
