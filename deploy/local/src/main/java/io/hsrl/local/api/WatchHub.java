package io.hsrl.local.api;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Every change the store makes (ADDED, MODIFIED, DELETED, in resourceVersion order), kept for a while so that a
 * watch can resume from a resourceVersion, and fanned out to the open watches. Deletions are seen wherever they
 * happen: a DELETE, the last finalizer removed by an update, the garbage collector.
 */
final class WatchHub {
    /** One change: the resource path it happened under and the object after it (before it, for DELETED). */
    record Event(String type, ApiRouter.ResourcePath path, long resourceVersion, JsonNode object) {}

    /** An open watch; {@link #close()} stops delivery. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    private static final int HISTORY = 10_000;
    private final Deque<Event> history = new ArrayDeque<>();
    private final List<Sub> subscribers = new CopyOnWriteArrayList<>();
    /** The oldest resourceVersion a watch can resume from; older ones get 410 Gone (the client lists again). */
    private long oldestResumable;
    private long lastResourceVersion;

    private record Sub(Predicate<Event> filter, Consumer<Event> sink) {}

    WatchHub(long startResourceVersion) {
        this.oldestResumable = startResourceVersion;
        this.lastResourceVersion = startResourceVersion;
    }

    synchronized void publish(Event e) {
        history.addLast(e);
        lastResourceVersion = Math.max(lastResourceVersion, e.resourceVersion());
        while (history.size() > HISTORY) {
            oldestResumable = history.removeFirst().resourceVersion();
        }
        for (Sub s : subscribers) {
            if (s.filter().test(e)) {
                s.sink().accept(e);
            }
        }
    }

    synchronized long lastResourceVersion() {
        return lastResourceVersion;
    }

    /** Whether a watch from this resourceVersion can be served from the history (else: 410 Gone, relist). */
    synchronized boolean resumable(long resourceVersion) {
        return resourceVersion >= oldestResumable;
    }

    /**
     * Delivers the kept events after {@code afterResourceVersion} that pass the filter, then every new one, to the
     * sink, in order (the sink is called under this hub's lock: it must only queue).
     */
    synchronized Subscription subscribe(long afterResourceVersion, Predicate<Event> filter, Consumer<Event> sink) {
        List<Event> replay = new ArrayList<>();
        for (Event e : history) {
            if (e.resourceVersion() > afterResourceVersion && filter.test(e)) {
                replay.add(e);
            }
        }
        replay.forEach(sink);
        Sub s = new Sub(filter, sink);
        subscribers.add(s);
        return () -> subscribers.remove(s);
    }

    int openWatches() {
        return subscribers.size();
    }
}
