package io.hsrl.core.policy;

import io.hsrl.core.sid.SidSpace;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cached trie queries over a {@link SidSpace}: which tokens extend a prefix, keyed by a mixed-radix encoding of the
 * prefix (unique across lengths because tokens are stored +1). Safe for concurrent decoders (a server's batch workers).
 */
public final class PrefixIndex {
    private final SidSpace space;
    private final long radix;
    private final Map<Long, int[]> children = new ConcurrentHashMap<>();

    public PrefixIndex(SidSpace space) {
        this.space = space;
        int max = 0;
        for (int l = 0; l < space.length(); l++) {
            max = Math.max(max, space.vocabulary(l));
        }
        this.radix = max + 1L;
        long p = 1;
        for (int l = 0; l < space.length(); l++) {
            p = Math.multiplyExact(p, radix); // fails fast for SID spaces too large for a long key
        }
        if (space.items() < 1) {
            throw new IllegalArgumentException("the SID space has no items");
        }
    }

    public SidSpace space() {
        return space;
    }

    public int length() {
        return space.length();
    }

    public long key(int[] prefix, int length) {
        long k = 0;
        long scale = 1;
        for (int i = 0; i < length; i++) {
            k += (prefix[i] + 1L) * scale;
            scale *= radix;
        }
        return k;
    }

    public int[] children(int[] prefix, int length) {
        long k = key(prefix, length);
        int[] c = children.get(k);
        if (c == null) {
            c = space.children(prefix, length); // a benign race: two threads may compute the same immutable answer
            children.putIfAbsent(k, c);
        }
        return c;
    }

    /** Forgets every cached query: the SID space changed (catalogue churn). */
    public void clear() {
        children.clear();
    }

    /** The item of a full SID; fails when the SID space has none (a decoder bug, never silently an item). */
    public int item(int[] sid) {
        int item = space.item(sid);
        if (item < 0) {
            throw new IllegalStateException("decoded SID " + java.util.Arrays.toString(sid) + " is not in the index");
        }
        return item;
    }
}
