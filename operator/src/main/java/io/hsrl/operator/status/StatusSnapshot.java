package io.hsrl.operator.status;

import io.fabric8.kubernetes.client.utils.Serialization;

import java.util.Objects;

/** Remembers a status as JSON so that a reconcile writes the status only when something in it changed. */
public final class StatusSnapshot {
    private final String before;

    private StatusSnapshot(String before) {
        this.before = before;
    }

    public static StatusSnapshot of(Object status) {
        return new StatusSnapshot(Serialization.asJson(status));
    }

    public boolean changed(Object status) {
        return !Objects.equals(before, Serialization.asJson(status));
    }
}
