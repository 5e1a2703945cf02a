package io.hsrl.ab.events;

import io.hsrl.ab.experiment.Arm;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * One durable fact, fully resolved before it is written (arm included), so that replaying the log never depends on
 * state that may have changed since.
 *
 * @param eventId the client's id (idempotency key); null for exposures
 * @param value   1 for exposures, clicks and conversions; the amount for cost
 */
public record LogRecord(EventType type, String eventId, String experiment, Arm arm, String userId, double value) {

    void writeTo(DataOutputStream out) throws IOException {
        out.writeByte(type.ordinal());
        out.writeUTF(eventId == null ? "" : eventId);
        out.writeUTF(experiment);
        out.writeByte(arm.ordinal());
        out.writeUTF(userId);
        out.writeDouble(value);
    }

    static LogRecord readFrom(DataInputStream in) throws IOException {
        EventType type = EventType.values()[in.readUnsignedByte()];
        String id = in.readUTF();
        String experiment = in.readUTF();
        Arm arm = Arm.values()[in.readUnsignedByte()];
        String user = in.readUTF();
        double value = in.readDouble();
        return new LogRecord(type, id.isEmpty() ? null : id, experiment, arm, user, value);
    }
}
