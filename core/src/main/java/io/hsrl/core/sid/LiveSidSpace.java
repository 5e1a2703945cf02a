package io.hsrl.core.sid;

import io.hsrl.core.catalog.ItemTable;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A Semantic Action Space over a changing catalogue (hsrl-reference.md §15): items are the dense indices of a
 * universe catalogue (arrivals included); the items an {@link ItemSidMap} indexed start active with their SIDs, and an
 * item that arrives later is {@link #add added}: its vector is quantised against the index's fixed codebook
 * ({@link ItemSidMap#encode}) — no retraining — and a collision is resolved as the index does it (the next free
 * disambiguation token with an extra level; otherwise the nearest free last-level code under the same prefix). An
 * item that finds no free SID stays unrecommendable and is counted. A {@link #retire retired} item leaves the trie and
 * frees its SID; {@link #sid} still answers for it (replayed actions keep their tokens).
 *
 * <p>{@link #items()} is the universe size, so that item indices of the environment are valid here; only active items
 * are reachable through {@link #children} and {@link #item}. Not thread-safe.
 */
public final class LiveSidSpace implements SidSpace {
    private final ItemSidMap map;
    private final ItemTable universe;
    private final int length;
    private final int levels;
    private final long radix;
    private final int[][] sidOf;
    private final boolean[] active;
    private final Map<Long, Integer> itemBySid = new HashMap<>();
    /** Active items under each non-empty prefix (keys of prefixes of length 1..length). */
    private final Map<Long, Integer> below = new HashMap<>();
    private int activeCount;
    private int unencodable;
    private double newError;
    private int encoded;

    /**
     * @param map      the index built on the initial catalogue (its item ids are looked up in {@code universe})
     * @param universe every item that is or will be on sale, by dense index
     * @param initial  the items {@code [0, initial)} start active; each must be in the index
     */
    public LiveSidSpace(ItemSidMap map, ItemTable universe, int initial) {
        this.map = map;
        this.universe = universe;
        this.length = map.length();
        this.levels = map.codebookLevels();
        int max = 0;
        for (int l = 0; l < length; l++) {
            max = Math.max(max, map.vocabulary(l));
        }
        this.radix = max + 1L;
        long p = 1;
        for (int l = 0; l < length; l++) {
            p = Math.multiplyExact(p, radix);
        }
        this.sidOf = new int[universe.size()][];
        this.active = new boolean[universe.size()];
        for (int i = 0; i < initial; i++) {
            int j = map.indexOf(universe.id(i));
            if (j < 0) {
                throw new IllegalArgumentException("item id " + universe.id(i) + " (index " + i + ") of the initial catalogue "
                        + "has no Semantic ID in the index; rebuild the index on the initial catalogue");
            }
            insert(i, map.sid(j));
        }
    }

    private long key(int[] prefix, int len) {
        long k = 0;
        long scale = 1;
        for (int i = 0; i < len; i++) {
            k += (prefix[i] + 1L) * scale;
            scale *= radix;
        }
        return k;
    }

    private void insert(int item, int[] sid) {
        sidOf[item] = sid;
        active[item] = true;
        activeCount++;
        itemBySid.put(key(sid, length), item);
        for (int l = 1; l <= length; l++) {
            below.merge(key(sid, l), 1, Integer::sum);
        }
    }

    /**
     * A new item arrives: quantise it against the fixed codebook and make it recommendable. Returns its SID, or null
     * when every SID it could take is held by an active item (then it is never recommended; see {@link #unencodable()}).
     */
    public int[] add(int item) {
        if (active[item]) {
            throw new IllegalArgumentException("item " + item + " is already active");
        }
        float[] x = universe.vector(item);
        SidEncoding e = map.encode(x);
        int[] sid = Arrays.copyOf(e.codes(), length);
        if (length > levels) {
            sid[levels] = freeToken(sid, levels, null);
        } else if (itemBySid.containsKey(key(sid, length))) {
            sid[levels - 1] = freeToken(sid, levels - 1, nearestLastCodes(x, e.codes()));
        }
        if (sid[length - 1] < 0) {
            unencodable++;
            return null;
        }
        encoded++;
        newError += e.squaredError();
        insert(item, sid);
        return sid.clone();
    }

    /** The first free token at position {@code at} under {@code sid}'s prefix, in {@code order} (null: ascending); −1 when full. */
    private int freeToken(int[] sid, int at, int[] order) {
        int v = map.vocabulary(at);
        for (int i = 0; i < v; i++) {
            sid[at] = order == null ? i : order[i];
            if (!itemBySid.containsKey(key(sid, length))) {
                return sid[at];
            }
        }
        return -1;
    }

    /** Last-level codes by distance to the item's residual after the levels above. */
    private int[] nearestLastCodes(float[] x, int[] codes) {
        Codebook cb = map.codebook();
        int d = cb.dimension();
        float[] r = x.clone();
        for (int l = 0; l < levels - 1; l++) {
            float[] c = cb.centroid(l, codes[l]);
            for (int t = 0; t < d; t++) {
                r[t] -= c[t];
            }
        }
        Integer[] order = new Integer[cb.size()];
        double[] dist = new double[cb.size()];
        for (int j = 0; j < cb.size(); j++) {
            order[j] = j;
            float[] c = cb.centroid(levels - 1, j);
            for (int t = 0; t < d; t++) {
                dist[j] += (r[t] - c[t]) * (r[t] - c[t]);
            }
        }
        Arrays.sort(order, (a, b) -> Double.compare(dist[a], dist[b]));
        return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
    }

    /** An item retires: it leaves the trie and its SID becomes free. A no-op for an item that was never encoded. */
    public void retire(int item) {
        if (!active[item]) {
            return;
        }
        int[] sid = sidOf[item];
        active[item] = false;
        activeCount--;
        itemBySid.remove(key(sid, length));
        for (int l = 1; l <= length; l++) {
            long k = key(sid, l);
            below.computeIfPresent(k, (kk, c) -> c == 1 ? null : c - 1);
        }
    }

    public boolean isActive(int item) {
        return active[item];
    }

    /** Items that arrived but found no free SID. */
    public int unencodable() {
        return unencodable;
    }

    /** Active items (recommendable). */
    public int activeItems() {
        return activeCount;
    }

    /** Mean squared quantisation error of the items encoded since the start, beside {@link ItemSidMap#buildError()}. */
    public double newItemError() {
        return encoded == 0 ? Double.NaN : newError / encoded;
    }

    public ItemSidMap map() {
        return map;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public int vocabulary(int level) {
        return map.vocabulary(level);
    }

    /** The universe size (item indices run over it); see {@link #activeItems()} for the recommendable ones. */
    @Override
    public int items() {
        return sidOf.length;
    }

    @Override
    public int[] children(int[] prefix, int prefixLength) {
        if (prefixLength >= length) {
            return new int[0];
        }
        int v = map.vocabulary(prefixLength);
        int[] probe = Arrays.copyOf(prefix, prefixLength + 1);
        int[] out = new int[v];
        int n = 0;
        for (int t = 0; t < v; t++) {
            probe[prefixLength] = t;
            if (below.containsKey(key(probe, prefixLength + 1))) {
                out[n++] = t;
            }
        }
        return Arrays.copyOf(out, n);
    }

    @Override
    public int item(int[] sid) {
        if (sid.length != length) {
            return -1;
        }
        Integer i = itemBySid.get(key(sid, length));
        return i == null ? -1 : i;
    }

    /** The SID an item has or had (retired items keep theirs here); null for an item never encoded. */
    @Override
    public int[] sid(int item) {
        int[] s = sidOf[item];
        return s == null ? null : s.clone();
    }
}
