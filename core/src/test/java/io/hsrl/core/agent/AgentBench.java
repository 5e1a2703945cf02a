package io.hsrl.core.agent;

import ai.djl.ndarray.NDManager;
import io.hsrl.core.catalog.ItemTable;
import io.hsrl.contracts.PolicyMode;
import io.hsrl.core.testing.RandomSidSpace;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * Benchmarks: training iterations/s at the reference sizes (B=32, M=64, K=9, H=50, d=32, L=3, d_i=40) with
 * a trivial random-response environment (so only the agent is timed), peak RSS, and greedy action latency at
 * catalogue sizes 1k/10k/100k in both modes. Prints figures; asserts nothing. Training is timed in CPU time of the
 * training thread (libtorch runs its operators on the calling thread with one intra-op thread), so the figure holds on
 * a loaded machine; process CPU time (GC and JIT threads included) and wall time are printed beside it.
 * {@code benchmarks/agent-speed/train.sh} builds and runs the training figures in one command. In hsrl mode the actor
 * takes no gradient step during the critic's warm-up ({@code criticWarmup}, 100 steps by default), so those steps
 * are cheaper than the rest of a run; {@code -Dbench.steady=true} warms up past them, so that every timed iteration
 * trains the actor too (without it, 30 warm-up iterations, as in the earlier figures).
 *
 * <pre>
 * mvn -B -q -o -pl core -am test-compile
 * (cd core && mvn -B -q -o dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test)
 * java -XX:+UseSerialGC -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 \
 *   -cp core/target/classes:core/target/test-classes:$(cat /tmp/cp.txt) io.hsrl.core.agent.AgentBench [train|latency|memory|all] [iterations] [hsrl|reference]
 * </pre>
 */
public final class AgentBench {
    private AgentBench() {
    }

    public static void main(String[] args) throws Exception {
        String what = args.length > 0 ? args[0] : "all";
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        if (what.equals("train") || what.equals("all")) {
            for (PolicyMode mode : PolicyMode.values()) {
                if (args.length < 3 || args[2].equals(mode.value())) {
                    train(mode, iterations);
                }
            }
        }
        if (what.equals("memory")) {
            memory(iterations);
        }
        if (what.equals("latency") || what.equals("all")) {
            for (int n : new int[] {1_000, 10_000, 100_000}) {
                for (PolicyMode mode : PolicyMode.values()) {
                    latency(mode, n);
                }
            }
        }
        System.out.printf("peak RSS %.0f MB%n", peakRssMb());
    }

    static ItemTable items(int n, int d, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n * d];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i + 1;
        }
        return new ItemTable(ids, v, d, null, "bench");
    }

    static void train(PolicyMode mode, int iterations) {
        int n = 1_000;
        ItemTable items = items(n, 40, 1);
        RandomSidSpace space = new RandomSidSpace(n, new int[] {16, 16, 16}, 2);
        AgentConfig c = AgentConfig.defaults(mode).withSizes(32, 64, 100_000, 2000, 9, 50, 32, 4, 2, 128, new int[] {256, 64});
        RandomEnvironment env = new RandomEnvironment(32, 50, n, 3);
        try (NDManager root = NDManager.newBaseManager(); HsrlAgent agent = new HsrlAgent(root, c, space, io.hsrl.core.data.ItemFeatures.of(items), 7)) {
            TrainingLoop loop = new TrainingLoop(agent, env, 7);
            loop.warmUp();
            int warmUp = 30 + (Boolean.getBoolean("bench.steady") && mode == PolicyMode.HSRL ? c.hsrl().criticWarmup() : 0);
            for (int i = 0; i < warmUp; i++) {
                loop.iterate(); // JIT warm-up (and, steady, the critic's warm-up)
            }
            Random random = new Random(1);
            long act = 0;
            long update = 0;
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = threads.getCurrentThreadCpuTime();
            long process0 = os.getProcessCpuTime();
            long total = System.nanoTime();
            ReplayBuffer buffer = loop.buffer();
            for (int i = 0; i < iterations; i++) {
                int[][] h = env.histories();
                long t0 = threads.getCurrentThreadCpuTime();
                int[][] slate = agent.act(h, true, random).items();
                long t1 = threads.getCurrentThreadCpuTime();
                SlateEnvironment.Step s = env.step(slate);
                buffer.add(h, slate, s.rewards(), s.done(), s.feedback(), s.nextHistories());
                long t2 = threads.getCurrentThreadCpuTime();
                agent.update(buffer.sample(64, random));
                long t3 = threads.getCurrentThreadCpuTime();
                act += t1 - t0;
                update += t3 - t2;
            }
            double wall = (System.nanoTime() - total) / 1e6 / iterations;
            double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e6 / iterations;
            double process = (os.getProcessCpuTime() - process0) / 1e6 / iterations;
            System.out.printf("train %-9s " + (warmUp > 30 ? "steady " : "") + "CPU %.1f ms/iteration (%.1f it/s of CPU; act %.1f ms, update %.1f ms), process CPU "
                            + "%.1f ms, wall %.1f ms; RSS %.0f MB; load %s%n", mode.value(), cpu, 1000 / cpu,
                    act / 1e6 / iterations, update / 1e6 / iterations, process, wall, currentRssMb(), loadAverage());
        }
    }

    /** Native memory over many small iterations (hsrl mode): RSS should stay flat once the JIT and buffers settle. */
    static void memory(int iterations) {
        int n = 200;
        ItemTable items = items(n, 16, 1);
        RandomSidSpace space = new RandomSidSpace(n, new int[] {8, 8, 8}, 2);
        AgentConfig c = AgentConfig.defaults(PolicyMode.HSRL).withSizes(8, 16, 2000, 100, 4, 10, 16, 2, 1, 32, new int[] {16, 8});
        RandomEnvironment env = new RandomEnvironment(8, 10, n, 3);
        try (NDManager root = NDManager.newBaseManager();
             HsrlAgent agent = new HsrlAgent(root, c, space, io.hsrl.core.data.ItemFeatures.of(items), 7)) {
            TrainingLoop loop = new TrainingLoop(agent, env, 7);
            loop.warmUp();
            for (int i = 1; i <= iterations; i++) {
                loop.iterate();
                if (i % Math.max(1, iterations / 10) == 0) {
                    System.out.printf("memory iteration %d: RSS %.0f MB%n", i, currentRssMb());
                }
            }
        }
    }

    static void latency(PolicyMode mode, int n) {
        ItemTable items = items(n, 40, 1);
        RandomSidSpace space = new RandomSidSpace(n, new int[] {64, 64, 64}, 2);
        AgentConfig c = AgentConfig.defaults(mode);
        RandomEnvironment env = new RandomEnvironment(1, 50, n, 3);
        try (NDManager root = NDManager.newBaseManager(); HsrlAgent agent = new HsrlAgent(root, c, space, io.hsrl.core.data.ItemFeatures.of(items), 7)) {
            Random random = new Random(1);
            int[][] h = env.histories();
            for (int i = 0; i < 20; i++) {
                agent.act(h, false, random);
            }
            int reps = 100;
            long[] t = new long[reps];
            for (int i = 0; i < reps; i++) {
                long t0 = System.nanoTime();
                agent.act(h, false, random);
                t[i] = System.nanoTime() - t0;
            }
            Arrays.sort(t);
            System.out.printf("greedy act %-9s catalogue %7d: p50 %.2f ms, p99 %.2f ms%n", mode.value(), n,
                    t[reps / 2] / 1e6, t[reps * 99 / 100] / 1e6);
        }
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return "?";
        }
    }

    static double currentRssMb() {
        return procStatus("VmRSS:");
    }

    static double peakRssMb() {
        return procStatus("VmHWM:");
    }

    private static double procStatus(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (Exception e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    /** Users with random histories and coin-flip clicks: costs nothing, so the agent alone is timed. */
    static final class RandomEnvironment implements SlateEnvironment {
        private final int users;
        private final int h;
        private final int n;
        private final Random random;
        private final int[][] histories;

        RandomEnvironment(int users, int h, int n, long seed) {
            this.users = users;
            this.h = h;
            this.n = n;
            this.random = new Random(seed);
            this.histories = new int[users][h];
            for (int[] row : histories) {
                for (int t = 0; t < h; t++) {
                    row[t] = t < h / 3 ? -1 : random.nextInt(n);
                }
            }
        }

        @Override
        public int users() {
            return users;
        }

        @Override
        public int historyLength() {
            return h;
        }

        @Override
        public int[][] histories() {
            int[][] out = new int[users][];
            for (int r = 0; r < users; r++) {
                out[r] = histories[r].clone();
            }
            return out;
        }

        @Override
        public Step step(int[][] slates) {
            float[] rewards = new float[users];
            boolean[] done = new boolean[users];
            float[][] feedback = new float[users][];
            for (int r = 0; r < users; r++) {
                feedback[r] = new float[slates[r].length];
                for (int j = 0; j < slates[r].length; j++) {
                    if (random.nextBoolean()) {
                        feedback[r][j] = 1;
                        System.arraycopy(histories[r], 1, histories[r], 0, h - 1);
                        histories[r][h - 1] = slates[r][j];
                    }
                }
                rewards[r] = random.nextFloat();
                done[r] = random.nextInt(15) == 0;
            }
            return new Step(rewards, done, feedback, histories());
        }
    }
}
