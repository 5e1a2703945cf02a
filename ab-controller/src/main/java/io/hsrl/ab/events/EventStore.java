package io.hsrl.ab.events;

import io.hsrl.ab.experiment.Arm;
import io.hsrl.ab.stats.ArmAggregate;
import io.hsrl.store.Json;
import io.hsrl.store.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * The durable event store of one replica. {@link #append} answers only after the records are on disk: a single
 * writer thread takes everything queued since its last fsync, writes it as frames and fsyncs once (group commit),
 * then applies it to the aggregates and completes the callers' futures. Duplicate event ids are dropped before they
 * reach the log, so each event counts once; a duplicate still waits until its original is durable.
 *
 * <p>Compaction seals the current segment, writes a snapshot of the aggregates and applied event ids (atomically,
 * fsynced), deletes the covered segments and uploads one aggregates document per experiment to the object store.
 * Recovery loads the snapshot and replays the segments after it: the aggregates come back exactly.
 */
public final class EventStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventStore.class);
    static final String SNAPSHOT = "snapshot.json";
    /** {@link ArmUsers#nextSegment()} of a document published between compactions (not tied to a segment). */
    static final long PUBLISHED_LIVE = -1;

    /**
     * @param compactBytes   compact when the current segment grows past this
     * @param aggregatesUri  experiment "ns/name" → object-store URI of this replica's aggregates document, or null
     *                       to keep them local only
     * @param fsyncListener  told each fsync's duration in nanoseconds (metrics)
     */
    public record Settings(Path dir, String replica, long compactBytes, ObjectStore store,
            Function<String, String> aggregatesUri, LongConsumer fsyncListener) {
        public Settings {
            if (replica == null || replica.isBlank()) {
                throw new IllegalArgumentException("replica must be set");
            }
        }

        public static Settings local(Path dir) {
            return new Settings(dir, "local", 64L << 20, null, e -> null, n -> { });
        }
    }

    private record Waiter(long target, CompletableFuture<Void> future) {
    }

    /** The snapshot file: the aggregates as of the start of segment {@code nextSegment}. */
    record Snapshot(int schemaVersion, String replica, long nextSegment, List<ArmUsers> experiments,
            List<String> eventIds) {
    }

    private final Settings settings;
    private final Object lock = new Object();
    private final ExperimentAggregates aggregates = new ExperimentAggregates();
    private final Set<String> appliedIds = new HashSet<>();
    private final Set<String> pendingIds = new HashSet<>();
    private final List<LogRecord> pending = new ArrayList<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private final List<CompletableFuture<Void>> compactions = new ArrayList<>();
    private final ExecutorService uploads;
    /** Completes the callers' futures, so that their continuations (HTTP responses) never delay the next fsync. */
    private final ExecutorService acks;
    private final Thread writer;
    private final EventLog log;
    private long enqueuedSeq;
    private long durableSeq;
    private long appliedRecords;
    private long publishedRecords = -1;
    private volatile IOException failure;
    private volatile boolean running = true;

    private EventStore(Settings settings) throws IOException {
        this.settings = settings;
        Files.createDirectories(settings.dir());
        long from = loadSnapshot();
        this.log = EventLog.open(settings.dir().resolve("log"), from, this::applyRecovered);
        this.uploads = Executors.newSingleThreadExecutor(r -> daemon(r, "ab-aggregates-upload"));
        this.acks = Executors.newSingleThreadExecutor(r -> daemon(r, "ab-event-log-acks"));
        this.writer = daemon(this::writeLoop, "ab-event-log-writer");
        writer.start();
    }

    public static EventStore open(Settings settings) throws IOException {
        return new EventStore(settings);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private long loadSnapshot() throws IOException {
        Path file = settings.dir().resolve(SNAPSHOT);
        if (!Files.exists(file)) {
            return 0;
        }
        Snapshot s = Json.read(Files.readAllBytes(file), Snapshot.class, file.toString());
        for (ArmUsers e : s.experiments()) {
            aggregates.load(e);
        }
        appliedIds.addAll(s.eventIds());
        return s.nextSegment();
    }

    private void applyRecovered(LogRecord r) {
        if (r.eventId() != null && !appliedIds.add(r.eventId())) {
            return; // cannot happen with a healthy log; harmless if it does
        }
        aggregates.apply(r);
        appliedRecords++;
    }

    /**
     * Appends records; the future completes when they (or, for duplicates, their originals) are durable, and
     * completes exceptionally when the log cannot be written.
     */
    public CompletableFuture<Void> append(List<LogRecord> records) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        synchronized (lock) {
            if (failure != null || !running) {
                f.completeExceptionally(failure != null ? failure : new IOException("event store is closed"));
                return f;
            }
            boolean added = false;
            for (LogRecord r : records) {
                String id = r.eventId();
                if (id != null && (appliedIds.contains(id) || !pendingIds.add(id))) {
                    continue;
                }
                pending.add(r);
                added = true;
            }
            if (added) {
                enqueuedSeq++;
            }
            if (enqueuedSeq <= durableSeq) {
                f.complete(null);
            } else {
                waiters.add(new Waiter(enqueuedSeq, f));
            }
            lock.notifyAll();
        }
        return f;
    }

    /** Seals the log, snapshots the aggregates and uploads them; completes when the local snapshot is durable. */
    public CompletableFuture<Void> compact() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        synchronized (lock) {
            compactions.add(f);
            lock.notifyAll();
        }
        return f;
    }

    private void writeLoop() {
        while (true) {
            List<LogRecord> batch;
            List<CompletableFuture<Void>> compactNow;
            long target;
            synchronized (lock) {
                while (running && pending.isEmpty() && compactions.isEmpty()) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                if (!running && pending.isEmpty() && compactions.isEmpty()) {
                    return;
                }
                batch = new ArrayList<>(pending);
                pending.clear();
                target = enqueuedSeq;
                compactNow = new ArrayList<>(compactions);
                compactions.clear();
            }
            if (!batch.isEmpty()) {
                writeBatch(batch, target);
            }
            if (!compactNow.isEmpty() || (failure == null && log.size() > settings.compactBytes())) {
                try {
                    snapshot();
                    compactNow.forEach(c -> c.complete(null));
                } catch (IOException | RuntimeException e) {
                    LOG.warn("compaction failed: {}", e.toString());
                    compactNow.forEach(c -> c.completeExceptionally(e));
                }
            }
        }
    }

    private void writeBatch(List<LogRecord> batch, long target) {
        try {
            long t0 = System.nanoTime();
            log.write(batch);
            log.force();
            settings.fsyncListener().accept(System.nanoTime() - t0);
        } catch (IOException | RuntimeException e) {
            // Fail-stop: what is on disk is now unknown, so nothing more is acknowledged until a restart recovers.
            IOException io = e instanceof IOException x ? x : new IOException(e);
            LOG.error("event log write failed, refusing further events: {}", e.toString());
            List<Waiter> failed;
            synchronized (lock) {
                failure = io;
                batch.forEach(r -> {
                    if (r.eventId() != null) {
                        pendingIds.remove(r.eventId());
                    }
                });
                failed = new ArrayList<>(waiters);
                waiters.clear();
            }
            failed.forEach(w -> w.future().completeExceptionally(io));
            return;
        }
        List<Waiter> done = new ArrayList<>();
        synchronized (lock) {
            for (LogRecord r : batch) {
                aggregates.apply(r);
                appliedRecords++;
                if (r.eventId() != null) {
                    appliedIds.add(r.eventId());
                    pendingIds.remove(r.eventId());
                }
            }
            durableSeq = target;
            waiters.removeIf(w -> {
                if (w.target() <= durableSeq) {
                    done.add(w);
                    return true;
                }
                return false;
            });
        }
        if (!done.isEmpty()) {
            try {
                acks.execute(() -> done.forEach(w -> w.future().complete(null)));
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                done.forEach(w -> w.future().complete(null));
            }
        }
    }

    /** On the writer thread: nothing is being written while it runs. */
    private void snapshot() throws IOException {
        long next = log.rotate();
        Snapshot snap;
        synchronized (lock) {
            List<ArmUsers> experiments = new ArrayList<>();
            for (String e : aggregates.experiments()) {
                experiments.add(new ArmUsers(ArmUsers.SCHEMA_VERSION, e, settings.replica(), next,
                        aggregates.users(e, Arm.CONTROL), aggregates.users(e, Arm.TREATMENT)));
            }
            experiments.sort((a, b) -> a.experiment().compareTo(b.experiment()));
            List<String> ids = new ArrayList<>(appliedIds);
            ids.sort(null);
            snap = new Snapshot(1, settings.replica(), next, experiments, ids);
        }
        FileSync.writeAtomically(settings.dir().resolve(SNAPSHOT), Json.MAPPER.writeValueAsBytes(snap));
        log.deleteBefore(next);
        if (settings.store() != null) {
            uploads.submit(() -> upload(snap.experiments()));
        }
    }

    private void upload(List<ArmUsers> experiments) {
        for (ArmUsers e : experiments) {
            String uri = settings.aggregatesUri().apply(e.experiment());
            if (uri == null) {
                continue;
            }
            try {
                settings.store().writeJson(uri, e);
            } catch (IOException | RuntimeException ex) {
                LOG.warn("could not upload aggregates of {} to {}: {}", e.experiment(), uri, ex.toString());
            }
        }
    }

    /**
     * Uploads this replica's current aggregates (only what is durable) for the status writer to merge, without
     * compacting; does nothing when nothing was applied since the last publication.
     */
    public void publish() {
        if (settings.store() == null) {
            return;
        }
        List<ArmUsers> experiments = new ArrayList<>();
        synchronized (lock) {
            if (appliedRecords == publishedRecords) {
                return;
            }
            publishedRecords = appliedRecords;
            for (String e : aggregates.experiments()) {
                experiments.add(new ArmUsers(ArmUsers.SCHEMA_VERSION, e, settings.replica(), PUBLISHED_LIVE,
                        aggregates.users(e, Arm.CONTROL), aggregates.users(e, Arm.TREATMENT)));
            }
        }
        uploads.submit(() -> upload(experiments));
    }

    /** Waits until every upload submitted so far is done (tests, shutdown). */
    public void awaitUploads() {
        try {
            uploads.submit(() -> { }).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads another replica's aggregates document (the leader merges them). */
    public static ArmUsers readAggregates(ObjectStore store, String uri) throws IOException {
        return store.readJson(uri, ArmUsers.class);
    }

    public Optional<Arm> armOf(String experiment, String userId) {
        synchronized (lock) {
            return aggregates.armOf(experiment, userId);
        }
    }

    public ArmAggregate aggregate(String experiment, Arm arm) {
        synchronized (lock) {
            return aggregates.aggregate(experiment, arm);
        }
    }

    public Map<String, UserTotals> users(String experiment, Arm arm) {
        synchronized (lock) {
            return aggregates.users(experiment, arm);
        }
    }

    /** Records applied since this store was opened from disk, including those replayed. */
    public long appliedRecords() {
        synchronized (lock) {
            return appliedRecords;
        }
    }

    public boolean isApplied(String eventId) {
        synchronized (lock) {
            return appliedIds.contains(eventId);
        }
    }

    public Set<String> appliedEventIds() {
        synchronized (lock) {
            return Set.copyOf(appliedIds);
        }
    }

    public boolean healthy() {
        return failure == null && running;
    }

    @Override
    public void close() {
        synchronized (lock) {
            running = false;
            lock.notifyAll();
        }
        try {
            writer.join(10_000);
            log.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.warn("closing the event log: {}", e.toString());
        }
        acks.shutdown();
        uploads.shutdown();
    }

}
