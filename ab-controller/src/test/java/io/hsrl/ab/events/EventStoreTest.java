package io.hsrl.ab.events;

import io.hsrl.ab.experiment.Arm;
import io.hsrl.store.ObjectStores;
import io.hsrl.store.testing.S3ProxyServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class EventStoreTest {
    private static final String EXP = "ns/exp";

    private static LogRecord exposure(Arm arm, String user) {
        return new LogRecord(EventType.EXPOSURE, null, EXP, arm, user, 1);
    }

    private static LogRecord event(String id, EventType type, Arm arm, String user, double value) {
        return new LogRecord(type, id, EXP, arm, user, value);
    }

    @Test
    void duplicateEventIdsCountOnce(@TempDir Path dir) throws Exception {
        try (EventStore store = EventStore.open(EventStore.Settings.local(dir))) {
            store.append(List.of(exposure(Arm.CONTROL, "u1"), event("e1", EventType.CONVERSION, Arm.CONTROL, "u1", 1),
                    event("e1", EventType.CONVERSION, Arm.CONTROL, "u1", 1))).get();
            store.append(List.of(event("e1", EventType.CONVERSION, Arm.CONTROL, "u1", 1))).get();
            store.append(List.of(event("e2", EventType.COST, Arm.CONTROL, "u1", 2.5))).get();
            assertThat(store.users(EXP, Arm.CONTROL)).containsEntry("u1", new UserTotals(1, 0, 1, 2.5));
            assertThat(store.aggregate(EXP, Arm.CONTROL).conversions()).isEqualTo(1);
            assertThat(store.armOf(EXP, "u1")).contains(Arm.CONTROL);
            assertThat(store.armOf(EXP, "u2")).isEmpty();
        }
    }

    /** Random traffic from concurrent senders, with compactions in between; returns what was acknowledged. */
    private static void traffic(EventStore store, long seed, int batches) throws Exception {
        SplittableRandom rng = new SplittableRandom(seed);
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            List<LogRecord> batch = new ArrayList<>();
            int n = 1 + rng.nextInt(20);
            for (int i = 0; i < n; i++) {
                String user = "u" + rng.nextInt(300);
                Arm arm = (user.hashCode() & 1) == 0 ? Arm.CONTROL : Arm.TREATMENT;
                int kind = rng.nextInt(5);
                String id = seed + "-" + b + "-" + i;
                if (kind == 4) {
                    // an exposure with the user's pre-experiment history (the CUPED covariate; the latest counts)
                    batch.add(exposure(arm, user));
                    batch.add(new LogRecord(EventType.PRE_EXPOSURES, null, EXP, arm, user, rng.nextInt(100)));
                    batch.add(new LogRecord(EventType.PRE_CONVERSIONS, null, EXP, arm, user, rng.nextInt(10)));
                    continue;
                }
                batch.add(switch (kind) {
                    case 0 -> exposure(arm, user);
                    case 1 -> event(id, EventType.CLICK, arm, user, 1);
                    case 2 -> event(id, EventType.CONVERSION, arm, user, 1);
                    default -> event(id, EventType.COST, arm, user, rng.nextDouble() * 3);
                });
            }
            acks.add(store.append(batch));
            if (b % 97 == 50) {
                acks.add(store.compact());
            }
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get();
    }

    @Test
    void restartRecoversTheAggregatesExactly(@TempDir Path dir) throws Exception {
        Map<String, UserTotals> control;
        Map<String, UserTotals> treatment;
        try (EventStore store = EventStore.open(EventStore.Settings.local(dir))) {
            traffic(store, 1, 400);
            control = store.users(EXP, Arm.CONTROL);
            treatment = store.users(EXP, Arm.TREATMENT);
            assertThat(control).isNotEmpty();
            assertThat(control.values()).anyMatch(t -> t.preExposures() != null);
        }
        // Compactions happened: a snapshot and later segments are both needed to recover.
        assertThat(dir.resolve(EventStore.SNAPSHOT)).exists();
        try (EventStore again = EventStore.open(EventStore.Settings.local(dir))) {
            assertThat(again.users(EXP, Arm.CONTROL).equals(control)).as("control recovered exactly").isTrue();
            assertThat(again.users(EXP, Arm.TREATMENT).equals(treatment)).as("treatment recovered exactly").isTrue();
            // Ids survive the restart: a resent event is still a duplicate.
            List<LogRecord> resent = again.appliedEventIds().stream().limit(50)
                    .map(id -> event(id, EventType.CONVERSION, Arm.CONTROL, "u1", 1)).toList();
            assertThat(resent).hasSize(50);
            again.append(resent).get();
            assertThat(again.users(EXP, Arm.CONTROL).equals(control)).isTrue();
        }
    }

    @Test
    void aTornTailIsCutOffAndTheRestKept(@TempDir Path dir) throws Exception {
        try (EventStore store = EventStore.open(EventStore.Settings.local(dir))) {
            store.append(List.of(exposure(Arm.TREATMENT, "u1"))).get();
            store.append(List.of(event("c1", EventType.CONVERSION, Arm.TREATMENT, "u1", 1))).get();
        }
        Path segment;
        try (Stream<Path> s = Files.list(dir.resolve("log"))) {
            segment = s.sorted().reduce((a, b) -> b).orElseThrow();
        }
        // A crash in the middle of a write: half a frame at the end.
        Files.write(segment, new byte[] {0, 0, 0, 40, 1, 2, 3}, StandardOpenOption.APPEND);
        long before = Files.size(segment);
        try (EventStore store = EventStore.open(EventStore.Settings.local(dir))) {
            assertThat(Files.size(segment)).isEqualTo(before - 7);
            assertThat(store.users(EXP, Arm.TREATMENT)).containsEntry("u1", new UserTotals(1, 0, 1, 0));
            store.append(List.of(event("c2", EventType.CONVERSION, Arm.TREATMENT, "u1", 1))).get();
        }
        try (EventStore store = EventStore.open(EventStore.Settings.local(dir))) {
            assertThat(store.users(EXP, Arm.TREATMENT).get("u1").conversions()).isEqualTo(2);
        }
    }

    @Test
    void compactionWritesPerExperimentAggregatesToTheObjectStore(@TempDir Path dir) throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.start(dir.resolve("s3"));
             ObjectStores objects = ObjectStores.of(s3.settings())) {
            EventStore.Settings settings = new EventStore.Settings(dir.resolve("replica-a"), "replica-a", 1 << 20,
                    objects, e -> "s3://hsrl/experiments/" + e + "/aggregates/replica-a.json", n -> { });
            try (EventStore store = EventStore.open(settings)) {
                traffic(store, 7, 100);
                store.compact().get();
                store.awaitUploads();
                ArmUsers doc = EventStore.readAggregates(objects, "s3://hsrl/experiments/ns/exp/aggregates/replica-a.json");
                assertThat(doc.schemaVersion()).isEqualTo(ArmUsers.SCHEMA_VERSION);
                assertThat(doc.replica()).isEqualTo("replica-a");
                assertThat(doc.control()).isEqualTo(store.users(EXP, Arm.CONTROL));
                assertThat(doc.treatment()).isEqualTo(store.users(EXP, Arm.TREATMENT));
            }
        }
    }

}
