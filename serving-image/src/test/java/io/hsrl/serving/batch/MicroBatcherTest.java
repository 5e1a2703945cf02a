package io.hsrl.serving.batch;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MicroBatcherTest {

    @Test
    void requestsQueuedDuringAPassGoTogetherInTheNextOneInOrder() throws Exception {
        CountDownLatch firstPassRunning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        try (MicroBatcher<Integer, Integer> b = new MicroBatcher<>("t", batch -> {
            if (batch.contains(-1)) {
                firstPassRunning.countDown();
                await(release);
            }
            return batch.stream().map(x -> x * 10).toList();
        }, 8, Duration.ZERO, 100, 1, sizes::add)) {
            CompletableFuture<Integer> blocker = b.submit(-1);
            await(firstPassRunning);
            List<CompletableFuture<Integer>> queued = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                queued.add(b.submit(i));
            }
            release.countDown();
            assertThat(blocker.get(5, TimeUnit.SECONDS)).isEqualTo(-10);
            for (int i = 0; i < 20; i++) {
                assertThat(queued.get(i).get(5, TimeUnit.SECONDS)).isEqualTo(i * 10);
            }
            // 1 (the blocker), then the 20 queued ones in passes of at most 8
            assertThat(sizes).containsExactly(1, 8, 8, 4);
        }
    }

    @Test
    void aLoneRequestWaitsForCompanyOnlyUpToMaxWait() throws Exception {
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        try (MicroBatcher<Integer, Integer> b = new MicroBatcher<>("t", batch -> batch, 64,
                Duration.ofMillis(300), 100, 1, sizes::add)) {
            CompletableFuture<Integer> first = b.submit(1);
            Thread.sleep(50);
            CompletableFuture<Integer> second = b.submit(2);
            assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo(2);
            // the second arrived within the first's wait: one pass
            assertThat(sizes).containsExactly(2);
        }
    }

    @Test
    void underLoadPolicyRunsALoneRequestAtOnceAndWaitsOnlyAfterASharedPass() throws Exception {
        CountDownLatch firstPassRunning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        try (MicroBatcher<Integer, Integer> b = new MicroBatcher<>("t", batch -> {
            if (batch.contains(-1)) {
                firstPassRunning.countDown();
                await(release);
            }
            return batch;
        }, 64, Duration.ofSeconds(1), MicroBatcher.WaitPolicy.UNDER_LOAD, 100, 1, sizes::add)) {
            // idle server: a lone request does not wait for company (with ALWAYS these two would share a pass)
            CompletableFuture<Integer> lone = b.submit(1);
            Thread.sleep(100);
            CompletableFuture<Integer> later = b.submit(6);
            assertThat(lone.get(5, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(later.get(5, TimeUnit.SECONDS)).isEqualTo(6);
            assertThat(sizes).containsExactly(1, 1);
            // load: two requests queue behind a running pass and go together
            CompletableFuture<Integer> blocker = b.submit(-1);
            await(firstPassRunning);
            CompletableFuture<Integer> a = b.submit(2);
            CompletableFuture<Integer> c = b.submit(3);
            release.countDown();
            assertThat(blocker.get(5, TimeUnit.SECONDS)).isEqualTo(-1);
            assertThat(a.get(5, TimeUnit.SECONDS)).isEqualTo(2);
            assertThat(c.get(5, TimeUnit.SECONDS)).isEqualTo(3);
            // after a shared pass the next lone request waits for company (up to 1 s): one arriving later joins it
            CompletableFuture<Integer> d = b.submit(4);
            Thread.sleep(100);
            CompletableFuture<Integer> e = b.submit(5);
            assertThat(d.get(5, TimeUnit.SECONDS)).isEqualTo(4);
            assertThat(e.get(5, TimeUnit.SECONDS)).isEqualTo(5);
            assertThat(sizes).containsExactly(1, 1, 1, 2, 2);
        }
    }

    @Test
    void aFailingPassFailsOnlyItsRequests() throws Exception {
        try (MicroBatcher<Integer, Integer> b = new MicroBatcher<>("t", batch -> {
            if (batch.contains(13)) {
                throw new IllegalStateException("unlucky");
            }
            return batch;
        }, 1, Duration.ZERO, 100, 1, s -> { })) {
            CompletableFuture<Integer> bad = b.submit(13);
            assertThatThrownBy(() -> bad.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasRootCauseMessage("unlucky");
            assertThat(b.submit(14).get(5, TimeUnit.SECONDS)).isEqualTo(14);
        }
    }

    @Test
    void aFullQueueRefusesInsteadOfGrowing() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (MicroBatcher<Integer, Integer> b = new MicroBatcher<>("t", batch -> {
            running.countDown();
            await(release);
            return batch;
        }, 1, Duration.ZERO, 2, 1, s -> { })) {
            b.submit(0);
            await(running);
            CompletableFuture<Integer> a = b.submit(1);
            CompletableFuture<Integer> c = b.submit(2);
            CompletableFuture<Integer> refused = b.submit(3);
            assertThatThrownBy(() -> refused.get(1, TimeUnit.SECONDS)).hasCauseInstanceOf(RejectedExecutionException.class);
            release.countDown();
            assertThat(a.get(5, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(c.get(5, TimeUnit.SECONDS)).isEqualTo(2);
        }
    }

    @Test
    void invalidLimitsAreRefusedNamingThem() {
        assertThatThrownBy(() -> new MicroBatcher<Integer, Integer>("t", x -> x, 0, Duration.ZERO, 1, 1, s -> { }))
                .hasMessageContaining("max-size=0");
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("latch not released");
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
