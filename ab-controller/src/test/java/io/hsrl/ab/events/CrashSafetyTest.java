package io.hsrl.ab.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsrl.store.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the durable event store as a separate JVM, sends batches under load (with resends and compactions), kills
 * it with SIGKILL at a random moment, recovers, and checks that every acknowledged event is counted exactly once.
 */
class CrashSafetyTest {

    private static Process start(String mode, Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), EventLogProcess.class.getName(), mode, dir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** Event k: user u(k mod 97); kinds rotate conversion, cost (value 0.25 · (k mod 7 + 1)), exposure. */
    private static String event(int k) {
        String user = "u" + (k % 97);
        return switch (k % 3) {
            case 0 -> "e" + k + ":" + user + ":CONVERSION:1";
            case 1 -> "e" + k + ":" + user + ":COST:" + (0.25 * (k % 7 + 1));
            default -> "x" + k + ":" + user + ":EXPOSURE:1";
        };
    }

    @Test
    void everyAcknowledgedEventSurvivesASigkillExactlyOnce(@TempDir Path dir) throws Exception {
        Random random = new Random(20261129L);
        for (int round = 0; round < 2; round++) {
            crashOnce(dir, random, round);
        }
    }

    private void crashOnce(Path dir, Random random, int round) throws Exception {
        Process p = start("serve", dir);
        Set<String> acked = ConcurrentHashMap.newKeySet();
        CountDownLatch firstAck = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith("ACK ")) {
                        acked.add(line.substring(4));
                        firstAck.countDown();
                    }
                }
            } catch (Exception ignored) {
                // the process was killed
            }
        });
        reader.start();
        Map<String, List<Integer>> batches = new HashMap<>();
        Thread sender = new Thread(() -> {
            try (Writer w = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8)) {
                Random r = new Random(round);
                int next = round * 1_000_000;
                for (int b = 0; ; b++) {
                    String id = round + "-" + b;
                    List<Integer> events = new ArrayList<>();
                    int size = 1 + r.nextInt(30);
                    for (int i = 0; i < size; i++) {
                        // One event in ten is a resend of an earlier one: must not count twice.
                        events.add(r.nextInt(10) == 0 && next > round * 1_000_000 ? next - 1 - r.nextInt(Math.min(next - round * 1_000_000, 500)) : next++);
                    }
                    synchronized (batches) {
                        batches.put(id, events);
                    }
                    StringBuilder line = new StringBuilder("B ").append(id).append(' ');
                    for (int i = 0; i < events.size(); i++) {
                        line.append(i == 0 ? "" : ",").append(event(events.get(i)));
                    }
                    w.write(line.append('\n').toString());
                    if (b % 50 == 49) {
                        w.write("C\n");
                    }
                    w.flush();
                }
            } catch (Exception ignored) {
                // the process was killed
            }
        });
        sender.start();
        assertThat(firstAck.await(60, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(200 + random.nextInt(1500));
        p.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no flush
        p.waitFor(30, TimeUnit.SECONDS);
        sender.join(10_000);
        reader.join(10_000);

        Process dump = start("dump", dir);
        JsonNode state = Json.MAPPER.readTree(dump.getInputStream());
        assertThat(dump.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(dump.exitValue()).isZero();
        Set<String> ids = new HashSet<>();
        state.get("ids").forEach(n -> ids.add(n.asText()));

        // Every acknowledged event is there.
        int ackedEvents = 0;
        synchronized (batches) {
            for (String b : acked) {
                for (int k : batches.get(b)) {
                    if (k % 3 != 2) {
                        // a hash lookup: AssertJ's contains() scans the set, quadratic over many acknowledged events
                        if (!ids.contains("e" + k)) {
                            throw new AssertionError("acknowledged event e" + k + " was lost");
                        }
                        ackedEvents++;
                    }
                }
            }
        }
        assertThat(acked).isNotEmpty();
        assertThat(ackedEvents).isPositive();
        // ... and counted exactly once: each user's totals equal the sum over the distinct recovered ids.
        Map<String, long[]> conversions = new HashMap<>();
        Map<String, double[]> cost = new HashMap<>();
        for (String id : ids) {
            int k = Integer.parseInt(id.substring(1));
            String user = "u" + (k % 97);
            if (k % 3 == 0) {
                conversions.computeIfAbsent(user, u -> new long[1])[0]++;
            } else {
                cost.computeIfAbsent(user, u -> new double[1])[0] += 0.25 * (k % 7 + 1);
            }
        }
        Map<String, long[]> gotConversions = new HashMap<>();
        Map<String, double[]> gotCost = new HashMap<>();
        for (String arm : List.of("control", "treatment")) {
            state.get(arm).fields().forEachRemaining(e -> {
                gotConversions.computeIfAbsent(e.getKey(), u -> new long[1])[0] += e.getValue().get("conversions").asLong();
                gotCost.computeIfAbsent(e.getKey(), u -> new double[1])[0] += e.getValue().get("cost").asDouble();
            });
        }
        for (String user : gotConversions.keySet()) {
            assertThat(gotConversions.get(user)[0]).as("conversions of %s", user)
                    .isEqualTo(conversions.getOrDefault(user, new long[1])[0]);
            // Costs are multiples of 0.25: their sums are exact in binary floating point.
            assertThat(gotCost.get(user)[0]).as("cost of %s", user).isEqualTo(cost.getOrDefault(user, new double[1])[0]);
        }
        assertThat(gotConversions.keySet().containsAll(conversions.keySet())).as("every user with conversions recovered").isTrue();
    }
}
