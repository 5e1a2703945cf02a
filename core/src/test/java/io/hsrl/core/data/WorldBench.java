package io.hsrl.core.data;

import io.hsrl.contracts.LogFormat;
import io.hsrl.core.simulator.ChurningCatalogue;
import io.hsrl.core.simulator.Environment;
import io.hsrl.core.simulator.EnvironmentConfig;
import io.hsrl.core.simulator.GroundTruthResponse;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Prints large-catalogue generator figures (never asserts): per catalogue size the time to build the world
 * (factors, features, prices in blocks), to log the users' sessions, the heap the world holds and the process RSS,
 * ground-truth environment steps/s at B=32, K=9, H=50 under 5% churn every 50 steps, and the time of a churn event.
 *
 * <p>Run, after {@code mvn -B -q -o -pl core,trainer-image -am verify -DskipTests} (for the dependency jars):
 * {@code java -Xmx3g -XX:+UseSerialGC -cp "core/target/test-classes:core/target/classes:trainer-image/target/quarkus-app/lib/main/*"
 * io.hsrl.core.data.WorldBench 100000 1000000}.
 */
public final class WorldBench {
    public static void main(String[] args) throws IOException {
        int users = 5000;
        System.out.printf(Locale.ROOT, "cpus %d, load %s%n", Runtime.getRuntime().availableProcessors(),
                Files.readString(Path.of("/proc/loadavg")).trim());
        for (String a : args.length == 0 ? new String[] {"100000", "1000000"} : args) {
            int n = Integer.parseInt(a);
            System.gc();
            long heap0 = usedHeap();
            long t0 = System.nanoTime();
            long cpu0 = cpu();
            SyntheticWorld world = SyntheticWorld.create(SyntheticWorld.Config.scaled(n, n, users, 7));
            double build = (System.nanoTime() - t0) / 1e9;
            double buildCpu = (cpu() - cpu0) / 1e9;
            long t1 = System.nanoTime();
            LogDataset log = world.log(LogFormat.RL4RS);
            double logging = (System.nanoTime() - t1) / 1e9;
            System.gc();
            long heap = usedHeap() - heap0;
            System.out.printf(Locale.ROOT, "items %,d: world %.2f s wall (%.2f CPU-s all threads), %d clusters; log %,d "
                            + "slates %.2f s; world heap %.0f MiB (%.0f bytes/item); RSS %.0f MiB%n", n, build, buildCpu,
                    world.config().clusters(), log.train().rows(), logging, heap / 1048576.0, heap / (double) n, rss());
            int initial = (int) (n * 0.8);
            ChurningCatalogue churn = new ChurningCatalogue(initial, n, 0.05, 50, 1);
            Environment env = new Environment(new GroundTruthResponse(world), log.train(), EnvironmentConfig.rl4rs());
            env.attach(churn);
            env.reset(1);
            SplittableRandom r = new SplittableRandom(3);
            int[] slates = new int[32 * 9];
            int steps = 2000;
            long t2 = System.nanoTime();
            for (int s = 0; s < steps; s++) {
                for (int i = 0; i < slates.length; i++) {
                    slates[i] = churn.activeAt(r.nextInt(churn.size())); // duplicates are allowed by the environment
                }
                env.step(slates);
            }
            double stepSeconds = (System.nanoTime() - t2) / 1e9;
            ChurningCatalogue timing = new ChurningCatalogue(initial, n, 0.05, 1, 2);
            long t3 = System.nanoTime();
            timing.advance();
            double event = (System.nanoTime() - t3) / 1e6;
            System.out.printf(Locale.ROOT, "items %,d: ground-truth environment %.0f steps/s (B=32, K=9, H=50, %d churn "
                            + "events of %,d items); one churn event %.1f ms; RSS %.0f MiB%n", n, steps / stepSeconds,
                    steps / 50, churn.perEvent(), event, rss());
        }
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double rss() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }
}
