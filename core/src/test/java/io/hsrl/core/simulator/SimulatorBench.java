package io.hsrl.core.simulator;

import ai.djl.Device;
import io.hsrl.core.data.LogDataset;
import io.hsrl.contracts.LogFormat;
import io.hsrl.core.data.LogReaders;
import io.hsrl.core.data.SyntheticWorld;
import io.hsrl.core.data.SyntheticWriter;
import io.hsrl.store.FileSystemObjectStore;
import io.hsrl.store.ObjectStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Prints simulator figures (never asserts): RL4RS-format parsing rows/s, URM training rows/s on synthetic RL4RS-size
 * data (reference: about 170 rows/s end to end, bound by per-row string parsing, hsrl-reference.md §14), environment
 * steps/s at B=32, K=9, H=50, and the process RSS before and after a long run of steps (native memory must stay flat).
 *
 * <p>Run: {@code mvn -B -q -o -pl core -am test-compile -Psimulator-bench [-Dsimulator.bench.args="items=380 users=5000"]}.
 * Arguments {@code key=value}: items (380), users (5000), rowsPerUser (8), epochs (1), steps (3000), memorySteps (20000).
 */
public final class SimulatorBench {
    public static void main(String[] argv) throws IOException {
        Map<String, String> a = new HashMap<>();
        for (String s : argv) {
            for (String kv : s.trim().split("\\s+")) {
                if (kv.contains("=")) {
                    a.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
                }
            }
        }
        int items = Integer.parseInt(a.getOrDefault("items", "380"));
        int users = Integer.parseInt(a.getOrDefault("users", "5000"));
        int rowsPerUser = Integer.parseInt(a.getOrDefault("rowsPerUser", "8"));
        int epochs = Integer.parseInt(a.getOrDefault("epochs", "1"));
        int steps = Integer.parseInt(a.getOrDefault("steps", "3000"));
        int memorySteps = Integer.parseInt(a.getOrDefault("memorySteps", "20000"));

        ObjectStore store = new FileSystemObjectStore();
        Path dir = Files.createTempDirectory("simulator-bench");
        long t0 = System.nanoTime();
        SyntheticWorld world = SyntheticWorld.create(SyntheticWorld.Config.of(items, users, 7).withRowsPerUser(rowsPerUser));
        LogDataset generated = world.log(LogFormat.RL4RS);
        new SyntheticWriter(world, generated).write(store, dir.toString(), LogFormat.RL4RS);
        double genSeconds = seconds(t0);
        long bytes = Files.size(dir.resolve("rl4rs_b_train.csv")) + Files.size(dir.resolve("rl4rs_b_test.csv"));

        t0 = System.nanoTime();
        long c0 = cpu();
        LogDataset data = LogReaders.read(store, dir.toString(), LogFormat.RL4RS, LogReaders.Options.defaults());
        double parseSeconds = seconds(t0);
        double parseCpu = cpuSeconds(c0);
        int rows = data.train().rows() + (data.test() == null ? 0 : data.test().rows());
        print("rl4rs generate", "%d items, %d rows, %.1f MB in %.1f s", items, rows, bytes / 1e6, genSeconds);
        print("rl4rs parse", "%.0f rows/s (%d rows in %.2f s; %.0f rows per CPU-second)", rows / parseSeconds, rows,
                parseSeconds, rows / parseCpu);

        c0 = cpu();
        UserResponseModel urm = UserResponseTraining.fit(data, dir.toString(),
                UserResponseTraining.Args.defaults().withEpochs(epochs), Device.cpu(), null);
        double fitCpu = cpuSeconds(c0);
        UserResponseMetrics m = urm.metrics();
        print("urm train", "%.0f rows/s (%d rows x %d epochs in %.1f s, batch 128; fit incl. validation %.0f rows per "
                        + "CPU-second), validation AUC %.4f",
                m.rowsPerSecond(), m.trainRows(), epochs, m.trainSeconds(), (double) m.trainRows() * epochs / fitCpu,
                m.validationAuc());
        double endToEnd = (double) m.trainRows() * epochs / (parseSeconds + m.trainSeconds());
        print("urm end-to-end", "%.0f rows/s including parsing (reference: ~170 rows/s)", endToEnd);

        Environment env = new Environment(urm, data.train(), EnvironmentConfig.rl4rs());
        env.reset(1);
        SplittableRandom rng = new SplittableRandom(2);
        int[] slates = new int[32 * 9];
        for (int i = 0; i < 200; i++) {
            env.step(random(rng, slates, items));
        }
        t0 = System.nanoTime();
        c0 = cpu();
        for (int i = 0; i < steps; i++) {
            env.step(random(rng, slates, items));
        }
        double envSeconds = seconds(t0);
        double envCpu = cpuSeconds(c0);
        print("environment", "%.0f steps/s (B=32, K=9, H=50, d=40; %d steps in %.2f s; %.0f steps per CPU-second)",
                steps / envSeconds, steps, envSeconds, steps / envCpu);

        // the URM forward alone, on the same shapes, to see how much of a step it is
        float[] prof = new float[32 * 42];
        float[] hist = new float[32 * 50 * 40];
        float[] expo = new float[32 * 9 * 40];
        SplittableRandom fill = new SplittableRandom(3);
        for (float[] x : new float[][]{prof, hist, expo}) {
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) fill.nextGaussian();
            }
        }
        t0 = System.nanoTime();
        c0 = cpu();
        for (int i = 0; i < steps; i++) {
            urm.clickProbabilities(prof, hist, expo, 32);
        }
        print("urm forward", "%.0f calls/s (B=32; %.0f per CPU-second)", steps / seconds(t0), steps / cpuSeconds(c0));
        float[] prof1 = java.util.Arrays.copyOf(prof, 42);
        float[] hist1 = java.util.Arrays.copyOf(hist, 50 * 40);
        float[] expo1 = java.util.Arrays.copyOf(expo, 9 * 40);
        t0 = System.nanoTime();
        c0 = cpu();
        for (int i = 0; i < steps; i++) {
            urm.clickProbabilities(prof1, hist1, expo1, 1);
        }
        print("urm forward", "%.0f calls/s (B=1; %.0f per CPU-second: per-op dispatch cost)", steps / seconds(t0),
                steps / cpuSeconds(c0));

        System.gc();
        long rssBefore = rssKb();
        long heapBefore = Runtime.getRuntime().totalMemory() / 1024;
        long episodes = env.totalEpisodes();
        t0 = System.nanoTime();
        for (int i = 0; i < memorySteps; i++) {
            env.step(random(rng, slates, items));
            if (i > 0 && i % (memorySteps / 4) == 0) {
                print("memory", "RSS %d MB (outside the Java heap %d MB) after %d steps", rssKb() / 1024,
                        (rssKb() - Runtime.getRuntime().totalMemory() / 1024) / 1024, i);
            }
        }
        double memSeconds = seconds(t0);
        System.gc();
        long rssAfter = rssKb();
        long heapAfter = Runtime.getRuntime().totalMemory() / 1024;
        print("memory", "RSS %d MB -> %d MB, outside the Java heap %d MB -> %d MB, over %d steps (%d episodes "
                        + "finished, %.0f steps/s)", rssBefore / 1024, rssAfter / 1024, (rssBefore - heapBefore) / 1024,
                (rssAfter - heapAfter) / 1024, memorySteps, env.totalEpisodes() - episodes, memorySteps / memSeconds);
        urm.close();
    }

    private static int[] random(SplittableRandom rng, int[] slates, int items) {
        for (int i = 0; i < slates.length; i++) {
            slates[i] = rng.nextInt(items);
        }
        return slates;
    }

    /** CPU time of this thread (libtorch runs on it with 1 intra-op thread): figures that the shared CPU distorts less. */
    private static long cpu() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private static double cpuSeconds(long c0) {
        return (cpu() - c0) / 1e9;
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static void print(String what, String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, "%-16s " + format, prepend(what, args)));
    }

    private static Object[] prepend(String first, Object[] rest) {
        Object[] out = new Object[rest.length + 1];
        out[0] = first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }
}
