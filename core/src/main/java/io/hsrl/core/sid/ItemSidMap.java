package io.hsrl.core.sid;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The one-to-one map between items and Semantic IDs, and the trie of valid SIDs the policy decodes against
 * (hsrl-reference.md §15). Items are dense indexes (rows of the catalogue) with their external ids; a SID is
 * {@link #length()} tokens: the codebook's codes, plus one disambiguation token when collisions were resolved by an
 * extra level.
 *
 * <p>File {@code item-map.bin}: magic {@code HSRLSID1}, version, items, SID length, codebook levels, bytes per token,
 * the vocabulary of each position, the build's mean squared quantisation error, the item ids (int64), the SIDs
 * (items × length tokens), then a CRC32.
 */
public final class ItemSidMap implements SidSpace {
    static final String MAGIC = "HSRLSID1";
    static final int VERSION = 1;

    private final long[] ids;
    private final int[] sids;
    private final int length;
    private final int[] vocabulary;
    private final Codebook codebook;
    private final double buildError;
    private final Map<Long, Integer> indexById;
    // Trie in CSR form: node n's edges are [firstEdge[n], firstEdge[n+1]), sorted by token; an edge leads to a node
    // or, at the last position, to an item.
    private final int[] firstEdge;
    private final int[] edgeToken;
    private final int[] edgeTarget;

    /**
     * @param sids       {@code ids.length × length} tokens, row-major (not copied)
     * @param buildError mean squared quantisation error of the items at build time
     * @throws IllegalArgumentException when two items share a SID or a token is outside its vocabulary
     */
    public ItemSidMap(long[] ids, int[] sids, int length, int[] vocabulary, Codebook codebook, double buildError) {
        if (length < codebook.levels() || vocabulary.length != length || sids.length != (long) ids.length * length) {
            throw new IllegalArgumentException("item map shapes do not fit: " + ids.length + " items, SID length " + length
                    + ", " + vocabulary.length + " vocabularies, " + sids.length + " tokens, " + codebook.levels() + " codebook levels");
        }
        for (int l = 0; l < codebook.levels(); l++) {
            if (vocabulary[l] != codebook.size()) {
                throw new IllegalArgumentException("vocabulary of level " + l + " is " + vocabulary[l] + ", the codebook's size " + codebook.size());
            }
        }
        for (int i = 0; i < sids.length; i++) {
            int l = i % length;
            if (sids[i] < 0 || sids[i] >= vocabulary[l]) {
                throw new IllegalArgumentException("item " + i / length + ": token " + sids[i] + " at position " + l
                        + " is outside 0.." + (vocabulary[l] - 1));
            }
        }
        this.ids = ids;
        this.sids = sids;
        this.length = length;
        this.vocabulary = vocabulary.clone();
        this.codebook = codebook;
        this.buildError = buildError;
        this.indexById = new HashMap<>(ids.length * 2);
        for (int i = 0; i < ids.length; i++) {
            if (indexById.put(ids[i], i) != null) {
                throw new IllegalArgumentException("duplicate item id " + ids[i]);
            }
        }
        int n = ids.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Arrays.compare(sids, a * length, (a + 1) * length, sids, b * length, (b + 1) * length));
        int[] sorted = new int[n];
        for (int i = 0; i < n; i++) {
            sorted[i] = order[i];
        }
        int[][] trie = buildTrie(sorted);
        this.firstEdge = trie[0];
        this.edgeToken = trie[1];
        this.edgeTarget = trie[2];
    }

    private int[][] buildTrie(int[] sorted) {
        int n = sorted.length;
        int maxEdges = n * length;
        int[] tokens = new int[maxEdges];
        int[] targets = new int[maxEdges];
        int[] first = new int[maxEdges + 2];
        int edges = 0;
        int nodes = 1;
        int[] runs = {0, n};
        int node = 0;
        for (int t = 0; t < length; t++) {
            int[] next = new int[2 * Math.max(1, n)];
            int nextRuns = 0;
            for (int r = 0; r < runs.length; r += 2) {
                first[node++] = edges;
                int i = runs[r];
                int to = runs[r + 1];
                while (i < to) {
                    int tok = sids[sorted[i] * length + t];
                    int j = i + 1;
                    while (j < to && sids[sorted[j] * length + t] == tok) {
                        j++;
                    }
                    tokens[edges] = tok;
                    if (t == length - 1) {
                        if (j - i > 1) {
                            throw new IllegalArgumentException("items " + sorted[i] + " and " + sorted[i + 1]
                                    + " share the SID " + Arrays.toString(sid(sorted[i])) + ": the map must be one-to-one");
                        }
                        targets[edges] = sorted[i];
                    } else {
                        targets[edges] = nodes++;
                        next[nextRuns++] = i;
                        next[nextRuns++] = j;
                    }
                    edges++;
                    i = j;
                }
            }
            runs = Arrays.copyOf(next, nextRuns);
        }
        first[node] = edges;
        return new int[][]{Arrays.copyOf(first, node + 1), Arrays.copyOf(tokens, edges), Arrays.copyOf(targets, edges)};
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public int vocabulary(int level) {
        return vocabulary[level];
    }

    @Override
    public int items() {
        return ids.length;
    }

    /** Codebook levels (the SID's first tokens); {@link #length()} is one more with a disambiguation level. */
    public int codebookLevels() {
        return codebook.levels();
    }

    @Override
    public int[] children(int[] prefix, int prefixLength) {
        if (prefixLength >= length) {
            return new int[0];
        }
        int node = walk(prefix, prefixLength);
        return node < 0 ? new int[0] : Arrays.copyOfRange(edgeToken, firstEdge[node], firstEdge[node + 1]);
    }

    /** Whether some item's SID starts with the first {@code prefixLength} tokens of {@code prefix}. */
    public boolean isValidPrefix(int[] prefix, int prefixLength) {
        if (prefixLength == length) {
            return item(Arrays.copyOf(prefix, length)) >= 0;
        }
        return prefixLength < length && walk(prefix, prefixLength) >= 0;
    }

    @Override
    public int item(int[] sid) {
        if (sid.length != length) {
            return -1;
        }
        int node = walk(sid, length - 1);
        if (node < 0) {
            return -1;
        }
        int e = find(node, sid[length - 1]);
        return e < 0 ? -1 : edgeTarget[e];
    }

    private int walk(int[] prefix, int prefixLength) {
        int node = 0;
        for (int t = 0; t < prefixLength; t++) {
            int e = find(node, prefix[t]);
            if (e < 0) {
                return -1;
            }
            node = edgeTarget[e];
        }
        return node;
    }

    private int find(int node, int token) {
        int e = Arrays.binarySearch(edgeToken, firstEdge[node], firstEdge[node + 1], token);
        return e < 0 ? -1 : e;
    }

    @Override
    public int[] sid(int item) {
        return Arrays.copyOfRange(sids, item * length, (item + 1) * length);
    }

    /** The external id of an item. */
    public long itemId(int item) {
        return ids[item];
    }

    /** The dense index of an external id, or -1 when it was not indexed (never a silent (0,0,0), §15). */
    public int indexOf(long id) {
        Integer i = indexById.get(id);
        return i == null ? -1 : i;
    }

    public Codebook codebook() {
        return codebook;
    }

    /** Mean squared quantisation error of the indexed items at build time, to set new items' errors beside. */
    public double buildError() {
        return buildError;
    }

    /**
     * Quantises a new item's vector against the fixed codebook (catalogue churn without a rebuild). Compare its
     * {@link SidEncoding#squaredError()} with {@link #buildError()}: a drift means the codebook should be rebuilt.
     */
    public SidEncoding encode(float[] vector) {
        return codebook.encode(vector);
    }

    public byte[] toBytes() {
        int max = Arrays.stream(vocabulary).max().orElse(1);
        int tokenBytes = max <= 256 ? 1 : max <= 65536 ? 2 : 4;
        long body = 16L + 4L * length + 8 + 8L * ids.length + (long) tokenBytes * sids.length;
        ByteBuffer b = BinaryFile.create(MAGIC, VERSION, body);
        b.putInt(ids.length).putInt(length).putInt(codebook.levels()).putInt(tokenBytes);
        for (int v : vocabulary) {
            b.putInt(v);
        }
        b.putDouble(buildError);
        for (long id : ids) {
            b.putLong(id);
        }
        for (int s : sids) {
            switch (tokenBytes) {
                case 1 -> b.put((byte) s);
                case 2 -> b.putShort((short) s);
                default -> b.putInt(s);
            }
        }
        return BinaryFile.finish(b);
    }

    /** Reads {@code item-map.bin} built with {@code codebook}; {@code name} (file or URI) is named in every error. */
    public static ItemSidMap fromBytes(byte[] data, String name, Codebook codebook) throws IOException {
        ByteBuffer b = BinaryFile.open(data, name, MAGIC, VERSION, "item map");
        int n = BinaryFile.positive(b, "items", Integer.MAX_VALUE, name);
        int length = BinaryFile.positive(b, "SID length", 64, name);
        int levels = BinaryFile.positive(b, "codebook levels", 64, name);
        int tokenBytes = BinaryFile.positive(b, "token bytes", 4, name);
        if (tokenBytes == 3) {
            throw new IOException(name + ": token bytes is 3, must be 1, 2 or 4");
        }
        if (levels != codebook.levels() || length < levels || length > levels + 1) {
            throw new IOException(name + ": item map has " + levels + " codebook levels and SID length " + length
                    + ", the codebook " + codebook.levels() + " levels");
        }
        int[] vocabulary = new int[length];
        for (int l = 0; l < length; l++) {
            vocabulary[l] = BinaryFile.positive(b, "vocabulary of position " + l, Integer.MAX_VALUE, name);
        }
        if (b.remaining() < 8) {
            throw new IOException(name + ": truncated before the build error");
        }
        double buildError = b.getDouble();
        BinaryFile.expectRemaining(b, 8L * n + (long) tokenBytes * n * length, name, "item map");
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = b.getLong();
        }
        int[] sids = new int[n * length];
        for (int i = 0; i < sids.length; i++) {
            sids[i] = switch (tokenBytes) {
                case 1 -> b.get() & 0xff;
                case 2 -> b.getShort() & 0xffff;
                default -> b.getInt();
            };
        }
        try {
            return new ItemSidMap(ids, sids, length, vocabulary, codebook, buildError);
        } catch (IllegalArgumentException e) {
            throw new IOException(name + ": " + e.getMessage(), e);
        }
    }
}
