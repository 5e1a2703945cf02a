package io.hsrl.core.simulator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A catalogue that changes while agents train: items {@code [0, initial)} are on sale at the start, items
 * {@code [initial, universe)} arrive later in index order. Every {@code every} environment steps a {@code fraction} of
 * the initial size is replaced: that many active items, drawn uniformly, retire, and as many new ones arrive (only
 * their feature vectors are known to the agents). The size stays {@code initial} until the pool of arrivals runs out;
 * then churn stops. Item indices are never reused, so histories and replay entries keep meaning the same item.
 *
 * <p>Environments that share one catalogue all advance it ({@link #advance()} per step); listeners (agents that must
 * re-encode or remap) hear every change before the next slate is asked for. Deterministic per seed. Not thread-safe.
 */
public final class ChurningCatalogue {
    /** One churn event: the items that left and the ones that arrived, after {@code step} environment steps. */
    public record Change(long step, int[] retired, int[] arrived) {
    }

    /** Told about every change, in order. */
    public interface Listener {
        void catalogueChanged(Change change);
    }

    private final int initial;
    private final int universe;
    private final double fraction;
    private final int every;
    private final SplittableRandom random;
    private final boolean[] active;
    private final int[] position;
    private final int[] list;
    private final List<Listener> listeners = new ArrayList<>();
    private int nextArrival;
    private long steps;
    private long retiredTotal;

    /**
     * @param initial  items on sale at the start (indices {@code [0, initial)})
     * @param universe all items, arrivals included
     * @param fraction share of {@code initial} replaced per event, in [0, 1]
     * @param every    environment steps between events (≥ 1)
     */
    public ChurningCatalogue(int initial, int universe, double fraction, int every, long seed) {
        if (initial < 1 || universe < initial) {
            throw new IllegalArgumentException("catalogue needs 1 <= initial (" + initial + ") <= universe (" + universe + ")");
        }
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("churn fraction must be in [0, 1], was " + fraction);
        }
        if (every < 1) {
            throw new IllegalArgumentException("churn period must be >= 1 step, was " + every);
        }
        this.initial = initial;
        this.universe = universe;
        this.fraction = fraction;
        this.every = every;
        this.random = new SplittableRandom(seed);
        this.active = new boolean[universe];
        this.position = new int[universe];
        this.list = new int[initial];
        Arrays.fill(position, -1);
        for (int i = 0; i < initial; i++) {
            active[i] = true;
            position[i] = i;
            list[i] = i;
        }
        this.nextArrival = initial;
    }

    /** A catalogue that never changes. */
    public static ChurningCatalogue fixed(int items) {
        return new ChurningCatalogue(items, items, 0, 1, 0);
    }

    /** Items replaced per event (0 without churn). */
    public int perEvent() {
        return fraction == 0 ? 0 : Math.max(1, (int) Math.round(fraction * initial));
    }

    /** The universe size a run of {@code steps} environment steps needs so that churn never runs dry. */
    public static int universeFor(int initial, double fraction, int every, long steps) {
        int per = fraction == 0 ? 0 : Math.max(1, (int) Math.round(fraction * initial));
        return Math.toIntExact(initial + per * (steps / every));
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public int size() {
        return list.length;
    }

    public int universe() {
        return universe;
    }

    public int initial() {
        return initial;
    }

    public boolean isActive(int item) {
        return item >= 0 && item < universe && active[item];
    }

    /** Whether the item arrived after the start (it may have retired since). */
    public boolean isNew(int item) {
        return item >= initial && item < nextArrival;
    }

    /** Arrived so far (not counting the initial items). */
    public int arrived() {
        return nextArrival - initial;
    }

    public long retired() {
        return retiredTotal;
    }

    public long steps() {
        return steps;
    }

    /** The active items, ascending; a copy. */
    public int[] activeItems() {
        int[] out = list.clone();
        Arrays.sort(out);
        return out;
    }

    /** The i-th active item in the catalogue's internal order ({@code 0 <= i < size()}), for uniform draws. */
    public int activeAt(int i) {
        return list[i];
    }

    /** One environment step; every {@code every} steps a churn event, returned (null when nothing changed). */
    public Change advance() {
        steps++;
        if (fraction == 0 || steps % every != 0) {
            return null;
        }
        int n = Math.min(perEvent(), universe - nextArrival);
        if (n == 0) {
            return null;
        }
        int[] retired = new int[n];
        int[] arrived = new int[n];
        java.util.Set<Integer> chosen = new java.util.HashSet<>();
        for (int j = 0; j < n; j++) {
            int at;
            do {
                at = random.nextInt(list.length); // distinct positions: an item that arrives now does not leave now
            } while (!chosen.add(at));
            int old = list[at];
            active[old] = false;
            position[old] = -1;
            int fresh = nextArrival++;
            active[fresh] = true;
            position[fresh] = at;
            list[at] = fresh;
            retired[j] = old;
            arrived[j] = fresh;
        }
        retiredTotal += n;
        Change change = new Change(steps, retired, arrived);
        for (Listener l : listeners) {
            l.catalogueChanged(change);
        }
        return change;
    }

    @Override
    public String toString() {
        return "ChurningCatalogue[" + size() + " active of " + universe + ", " + perEvent() + " replaced every " + every
                + " steps, " + arrived() + " arrived]";
    }
}
