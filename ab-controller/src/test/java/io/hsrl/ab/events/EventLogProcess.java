package io.hsrl.ab.events;

import io.hsrl.ab.experiment.Arm;
import io.hsrl.store.Json;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The controller's durable event store as a process of its own, for the crash test.
 * <ul>
 * <li>{@code serve DIR}: reads lines from stdin — {@code B <batch> <id>:<user>:<type>:<value>,...} appends a batch
 * and prints {@code ACK <batch>} once it is durable; {@code C} compacts — until killed.</li>
 * <li>{@code dump DIR}: recovers and prints the applied event ids and per-user totals as JSON.</li>
 * </ul>
 */
public final class EventLogProcess {
    static final String EXP = "ns/crash";

    private EventLogProcess() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        EventStore.Settings settings = new EventStore.Settings(dir, "crash", 64 << 10, null, e -> null, n -> { });
        if (args[0].equals("dump")) {
            try (EventStore store = EventStore.open(settings)) {
                out.println(Json.writeString(Map.of("ids", store.appliedEventIds(),
                        "control", store.users(EXP, Arm.CONTROL), "treatment", store.users(EXP, Arm.TREATMENT))));
            }
            return;
        }
        EventStore store = EventStore.open(settings);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.equals("C")) {
                store.compact();
                continue;
            }
            String[] parts = line.split(" ");
            String batch = parts[1];
            List<LogRecord> records = new ArrayList<>();
            for (String e : parts[2].split(",")) {
                String[] f = e.split(":");
                String user = f[1];
                Arm arm = user.hashCode() % 2 == 0 ? Arm.CONTROL : Arm.TREATMENT;
                EventType type = EventType.valueOf(f[2]);
                records.add(new LogRecord(type, type == EventType.EXPOSURE ? null : f[0], EXP, arm, user,
                        Double.parseDouble(f[3])));
            }
            store.append(records).thenRun(() -> {
                synchronized (out) {
                    out.println("ACK " + batch);
                }
            });
        }
    }
}
