package io.hsrl.serving.batch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * Gathers concurrent requests into batches for one forward pass each. A batch closes when it is full or when its
 * oldest request has waited {@code maxWait} (timed from its arrival, so requests that queued behind a running pass
 * go at once); under load, batches fill while the previous pass runs, so throughput grows with concurrency while a
 * lone request waits at most {@code maxWait}. With {@link WaitPolicy#UNDER_LOAD} a request waits for company only
 * while the last pass carried more than one request: at low load waiting would only add latency, since nobody comes.
 * A full queue refuses new requests instead of growing.
 */
public final class MicroBatcher<Q, R> implements AutoCloseable {
    private final BlockingQueue<Pending<Q, R>> queue;
    private final Function<List<Q>, List<R>> forward;
    private final int maxSize;
    private final long maxWaitNanos;
    private final IntConsumer batchSizes;
    private final WaitPolicy waitPolicy;
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean closed;
    private volatile int lastBatchSize;

    /** When the first request of a batch waits up to {@code maxWait} for company. */
    public enum WaitPolicy {
        /** Always. */
        ALWAYS,
        /** Only while the previous pass had more than one request (concurrent load); otherwise run at once. */
        UNDER_LOAD
    }

    /**
     * @param forward    runs one batch; returns one result per request, in order
     * @param batchSizes told the size of every batch run (metrics)
     */
    public MicroBatcher(String name, Function<List<Q>, List<R>> forward, int maxSize, Duration maxWait,
                        int queueCapacity, int workerCount, IntConsumer batchSizes) {
        this(name, forward, maxSize, maxWait, WaitPolicy.ALWAYS, queueCapacity, workerCount, batchSizes);
    }

    public MicroBatcher(String name, Function<List<Q>, List<R>> forward, int maxSize, Duration maxWait,
                        WaitPolicy waitPolicy, int queueCapacity, int workerCount, IntConsumer batchSizes) {
        if (maxSize < 1 || queueCapacity < 1 || workerCount < 1 || maxWait.isNegative()) {
            throw new IllegalArgumentException("batching needs max-size ≥ 1, queue-capacity ≥ 1, workers ≥ 1 and "
                    + "max-wait ≥ 0 (max-size=" + maxSize + ", queue-capacity=" + queueCapacity + ", workers="
                    + workerCount + ", max-wait=" + maxWait + ")");
        }
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.forward = forward;
        this.maxSize = maxSize;
        this.maxWaitNanos = maxWait.toNanos();
        this.batchSizes = batchSizes;
        this.waitPolicy = waitPolicy;
        for (int i = 0; i < workerCount; i++) {
            Thread t = new Thread(this::run, name + "-" + i);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
    }

    /** Queues a request; the future fails with {@link RejectedExecutionException} when the queue is full or closed. */
    public CompletableFuture<R> submit(Q request) {
        Pending<Q, R> p = new Pending<>(request, System.nanoTime(), new CompletableFuture<>());
        if (closed || !queue.offer(p)) {
            p.result.completeExceptionally(new RejectedExecutionException(closed ? "shutting down"
                    : "request queue full (" + queue.size() + " waiting)"));
        }
        return p.result;
    }

    /** Requests waiting for a batch. */
    public int waiting() {
        return queue.size();
    }

    private void run() {
        List<Pending<Q, R>> batch = new ArrayList<>(maxSize);
        while (!closed) {
            try {
                Pending<Q, R> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                boolean wait = waitPolicy == WaitPolicy.ALWAYS || lastBatchSize > 1;
                long deadline = first.arrivedNanos + (wait ? maxWaitNanos : 0);
                while (batch.size() < maxSize) {
                    if (queue.drainTo(batch, maxSize - batch.size()) > 0) {
                        continue;
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    Pending<Q, R> next = queue.poll(left, TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                }
                lastBatchSize = batch.size();
                runBatch(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                batch.clear();
            }
        }
    }

    private void runBatch(List<Pending<Q, R>> batch) {
        List<Q> requests = new ArrayList<>(batch.size());
        for (Pending<Q, R> p : batch) {
            requests.add(p.request);
        }
        try {
            List<R> results = forward.apply(requests);
            if (results.size() != batch.size()) {
                throw new IllegalStateException("forward pass returned " + results.size() + " results for "
                        + batch.size() + " requests");
            }
            batchSizes.accept(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result.complete(results.get(i));
            }
        } catch (RuntimeException | Error e) {
            for (Pending<Q, R> p : batch) {
                p.result.completeExceptionally(e);
            }
        }
    }

    /** Stops taking requests, fails those still queued, and waits for running batches to finish. */
    @Override
    public void close() {
        closed = true;
        for (Thread t : workers) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Pending<Q, R> p;
        while ((p = queue.poll()) != null) {
            p.result.completeExceptionally(new RejectedExecutionException("shutting down"));
        }
    }

    private record Pending<Q, R>(Q request, long arrivedNanos, CompletableFuture<R> result) {
    }
}
