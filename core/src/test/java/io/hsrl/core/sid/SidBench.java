package io.hsrl.core.sid;

import io.hsrl.contracts.CollisionStrategy;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.hsrl.artifact.IndexStats;
import io.hsrl.contracts.KMeansMode;
import io.hsrl.core.catalog.ItemTable;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * Benchmark harness (prints figures; not a test). Run from the repository root:
 * <pre>mvn -B -q -o -pl core -am test-compile -Pbench</pre>
 * (the {@code bench} profile of core forks a JVM with this class on the test classpath; {@code -Dbench.args="..."}
 * passes {@code n=100000 d=64 refN=10000 djl=true}).
 */
public final class SidBench {
    public static void main(String[] args) throws Exception {
        int n = 100_000;
        int d = 64;
        int refN = 10_000;
        boolean djl = true;
        for (String a : args) {
            String[] kv = a.split("=", 2);
            switch (kv[0]) {
                case "n" -> n = Integer.parseInt(kv[1]);
                case "d" -> d = Integer.parseInt(kv[1]);
                case "refN" -> refN = Integer.parseInt(kv[1]);
                case "djl" -> djl = Boolean.parseBoolean(kv[1]);
                default -> throw new IllegalArgumentException("unknown argument " + a);
            }
        }
        System.out.printf(Locale.ROOT, "cores=%d java=%s load=%s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), loadAverage());

        // warm-up on a small table so that the JIT has compiled the kernels
        IndexBuilder.build(table(5_000, d, 11), new IndexOptions(3, 64, KMeansMode.BALANCED, 1, CollisionStrategy.EXTRA_LEVEL, 5), BuildProgress.NONE);

        ItemTable big = table(n, d, 7);
        resetPeaks();
        long cpu0 = cpuNanos();
        long t0 = System.nanoTime();
        SidIndex index = IndexBuilder.build(big, new IndexOptions(3, 256, KMeansMode.BALANCED, 1, CollisionStrategy.EXTRA_LEVEL,
                IndexOptions.DEFAULT_ITERATIONS), BuildProgress.NONE);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpuSeconds = (cpuNanos() - cpu0) / 1e9;
        IndexStats s = index.stats();
        System.out.printf(Locale.ROOT, "balanced build n=%d d=%d L=3 K=256: %.2f s wall, %.2f s CPU (all threads), iterations per level %s,"
                        + " peak heap %.0f MiB (sum of pool peaks), peak RSS %s, load after %s%n",
                n, d, seconds, cpuSeconds, s.levelIterations(), peakHeapMiB(), peakRss(), loadAverage());
        System.out.printf(Locale.ROOT, "  unique SIDs %d, colliding items %d (rate %.4f), max per SID %d, quantisation error %.4f, utilisation %s%n",
                s.uniqueSids(), s.collidingItems(), s.collisionRate(), s.maxItemsPerSid(), s.quantizationError(), s.levelUtilization());

        ItemTable small = table(refN, d, 13);
        IndexOptions ours = new IndexOptions(3, 256, KMeansMode.BALANCED, 1, CollisionStrategy.EXTRA_LEVEL, IndexOptions.DEFAULT_ITERATIONS);
        IndexOptions ref = new IndexOptions(3, 256, KMeansMode.REFERENCE, 1, CollisionStrategy.EXTRA_LEVEL, IndexOptions.DEFAULT_ITERATIONS);
        // CPU seconds, not wall: the machine is shared, and CPU time is what the two algorithms cost
        cpu0 = cpuNanos();
        SidIndex a = IndexBuilder.build(small, ours, BuildProgress.NONE);
        double oursS = (cpuNanos() - cpu0) / 1e9;
        cpu0 = cpuNanos();
        SidIndex b = IndexBuilder.build(small, ref, BuildProgress.NONE);
        double refS = (cpuNanos() - cpu0) / 1e9;
        int oursIt = a.stats().levelIterations().stream().mapToInt(Integer::intValue).sum();
        int refIt = b.stats().levelIterations().stream().mapToInt(Integer::intValue).sum();
        System.out.printf(Locale.ROOT, "n=%d: ours (balanced) %.2f CPU-s over %d iterations; reference per-item loop %.2f CPU-s over %d iterations;"
                        + " total ratio reference/ours %.2f, per-iteration ratio %.1f%n",
                refN, oursS, oursIt, refS, refIt, refS / oursS, (refS / refIt) / (oursS / oursIt));
        System.out.printf(Locale.ROOT, "  quantisation error ours %.4f vs reference %.4f; colliding items ours %d vs reference %d%n",
                a.stats().quantizationError(), b.stats().quantizationError(), a.stats().collidingItems(), b.stats().collidingItems());

        if (djl) {
            distanceKernels(big.vectors(), n, d, 256);
        }
    }

    /** The batched distance matrix in tight Java loops beside DJL (PyTorch) matmul, same shapes. */
    private static void distanceKernels(float[] x, int n, int d, int k) {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(Runtime.getRuntime().availableProcessors()));
        float[] c = new float[k * d];
        System.arraycopy(x, 0, c, 0, c.length);
        Distances dist = new Distances(c, k, d);
        double javaBest = Double.MAX_VALUE;
        for (int r = 0; r < 3; r++) {
            long t = cpuNanos();
            dist.matrix(x, n);
            javaBest = Math.min(javaBest, (cpuNanos() - t) / 1e9);
        }
        double djlBest = Double.MAX_VALUE;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray cm = m.create(c, new Shape(k, d));
            NDArray cNorm = cm.square().sum(new int[]{1});
            for (int r = 0; r < 4; r++) {
                long t = cpuNanos();
                try (NDManager step = m.newSubManager()) {
                    NDArray xm = step.create(x, new Shape(n, d));
                    NDArray dd = xm.square().sum(new int[]{1}, true).sub(xm.matMul(cm.transpose()).mul(2)).add(cNorm);
                    dd.toFloatArray();
                }
                if (r > 0) {
                    djlBest = Math.min(djlBest, (cpuNanos() - t) / 1e9);
                }
            }
        }
        System.out.printf(Locale.ROOT, "distance matrix %d×%d vs %d centroids (CPU-s, best of 3): Java loops %.3f, DJL/PyTorch matmul incl. copies %.3f%n",
                n, d, k, javaBest, djlBest);
    }

    /** A mixture of 512 Gaussian blobs (unit spread around N(0, 1) centres), seeded. */
    static ItemTable table(int n, int d, long seed) {
        Random r = new Random(seed);
        int blobs = 512;
        float[] centres = new float[blobs * d];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = (float) r.nextGaussian();
        }
        float[] v = new float[n * d];
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i + 1;
            int b = r.nextInt(blobs);
            for (int t = 0; t < d; t++) {
                v[i * d + t] = centres[b * d + t] + (float) r.nextGaussian();
            }
        }
        return new ItemTable(ids, v, d, null, "synthetic");
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            p.resetPeakUsage();
        }
    }

    private static double peakHeapMiB() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum / 1048576.0;
    }

    private static String peakRss() throws Exception {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return "n/a";
        }
        return Files.readAllLines(status).stream().filter(l -> l.startsWith("VmHWM")).map(l -> l.replaceAll("\\s+", " ").substring(7))
                .findFirst().orElse("n/a");
    }

    private static String loadAverage() {
        return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
