package io.hsrl.core.agent;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * How long a learner trains in a comparison, whichever limit ends first: {@code iterations} of its training loop,
 * {@code seconds} of wall clock, or {@code cpuSeconds} of its training thread's CPU time (libtorch runs every operator
 * on that thread with one intra-op thread, so this is the learner's compute whatever else the machine runs). A limit
 * of 0 or less is no limit.
 */
public record TrainingBudget(long iterations, double seconds, double cpuSeconds) {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** What a {@link #train} used: the loop's iteration count at the end, wall-clock and CPU seconds. */
    public record Spent(long iterations, double seconds, double cpuSeconds) {
    }

    /** Iterates {@code loop} until the budget is spent; {@code afterEach} runs after every iteration (progress). */
    public Spent train(TrainingLoop loop, Runnable afterEach) {
        long start = System.nanoTime();
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        while ((iterations <= 0 || loop.iteration() < iterations)
                && (seconds <= 0 || (System.nanoTime() - start) / 1e9 < seconds)
                && (cpuSeconds <= 0 || THREADS.getCurrentThreadCpuTime() - cpuStart < cpuSeconds * 1e9)) {
            loop.iterate();
            afterEach.run();
        }
        return new Spent(loop.iteration(), (System.nanoTime() - start) / 1e9,
                (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e9);
    }
}
