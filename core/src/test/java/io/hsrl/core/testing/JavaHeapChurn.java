package io.hsrl.core.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A background thread that runs the garbage collector again and again and fills the native memory that direct buffers
 * give back with NaNs, so that a tensor still reading a freed buffer shows it at once instead of by luck.
 */
public final class JavaHeapChurn implements AutoCloseable {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong collections = new AtomicLong();
    private final Thread thread;

    private JavaHeapChurn() {
        thread = new Thread(this::run, "gc-churn");
        thread.setDaemon(true);
    }

    public static JavaHeapChurn start() {
        JavaHeapChurn c = new JavaHeapChurn();
        c.thread.start();
        return c;
    }

    private void run() {
        Deque<ByteBuffer> junk = new ArrayDeque<>();
        while (running.get()) {
            System.gc();
            collections.incrementAndGet();
            for (int i = 0; i < 2000; i++) {
                ByteBuffer b = ByteBuffer.allocateDirect(4 << (i % 8)).order(ByteOrder.nativeOrder());
                for (int p = 0; p + 4 <= b.capacity(); p += 4) {
                    b.putFloat(p, Float.NaN);
                }
                junk.addLast(b);
                if (junk.size() > 4000) {
                    junk.removeFirst();
                }
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    public long collections() {
        return collections.get();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(5000);
    }
}
