package io.hsrl.ab.events;

/** A rejected batch: {@code field} names the event and field, e.g. {@code events[3].type}. */
public final class InvalidEventException extends Exception {
    private final String field;

    public InvalidEventException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
