package io.hsrl.core.agent;

import io.hsrl.core.catalog.ItemTable;
import io.hsrl.core.catalog.NpyArray;
import io.hsrl.core.sid.SidSpace;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The Python reference's own item → SID table ({@code sid_index_item2sid.npy} from its {@code build_item2sid.py}:
 * int64, {@code (N+1) × L}, row = item id, −1 for an item the build did not see), re-addressed by the catalogue's
 * dense item indices, exactly as the reference's facade uses it (hsrl-reference.md §5): no disambiguation level, so
 * colliding items share one SID and one catalogue score, and an item without a SID gets (0,…,0) (§13.16). This is a
 * many-to-one space, for reference mode only: it lets the port act in the very token space the reference acts in.
 * {@link #item(int[])} gives the lowest catalogue index holding the SID.
 */
public final class ReferenceSidTable implements SidSpace {
    private final int[][] sidOfItem;
    private final int length;
    private final int[] vocabulary;
    private final int unindexed;
    private final int distinct;
    private final Map<List<Integer>, int[]> children = new HashMap<>();
    private final Map<List<Integer>, Integer> firstItem = new HashMap<>();

    /**
     * @param table {@code table[id]} the tokens of item id {@code id} (null or negative tokens: not indexed); ids
     *              beyond the table are not indexed either
     */
    public ReferenceSidTable(long[][] table, ItemTable items, String source) {
        int l = 0;
        for (long[] row : table) {
            if (row != null) {
                if (l == 0) {
                    l = row.length;
                } else if (row.length != l) {
                    throw new IllegalArgumentException(source + ": rows of " + l + " and " + row.length + " tokens");
                }
            }
        }
        if (l < 1) {
            throw new IllegalArgumentException(source + ": no SID tokens");
        }
        this.length = l;
        this.vocabulary = new int[l];
        this.sidOfItem = new int[items.size()][];
        int missing = 0;
        for (int i = 0; i < items.size(); i++) {
            long id = items.id(i);
            long[] row = id >= 0 && id < table.length ? table[(int) id] : null;
            int[] sid = new int[l];
            if (row == null || Arrays.stream(row).anyMatch(t -> t < 0)) {
                missing++;
            } else {
                for (int q = 0; q < l; q++) {
                    if (row[q] > Integer.MAX_VALUE) {
                        throw new IllegalArgumentException(source + ": item id " + id + " token " + q + " is " + row[q]);
                    }
                    sid[q] = (int) row[q];
                }
            }
            for (int q = 0; q < l; q++) {
                vocabulary[q] = Math.max(vocabulary[q], sid[q] + 1);
            }
            sidOfItem[i] = sid;
        }
        this.unindexed = missing;
        Map<List<Integer>, TreeSet<Integer>> next = new HashMap<>();
        for (int i = 0; i < sidOfItem.length; i++) {
            List<Integer> full = boxed(sidOfItem[i], l);
            firstItem.putIfAbsent(full, i);
            for (int q = 0; q < l; q++) {
                next.computeIfAbsent(boxed(sidOfItem[i], q), k -> new TreeSet<>()).add(sidOfItem[i][q]);
            }
        }
        next.forEach((prefix, tokens) -> children.put(prefix, tokens.stream().mapToInt(Integer::intValue).toArray()));
        this.distinct = firstItem.size();
        if (items.size() == 0) {
            throw new IllegalArgumentException(source + ": the catalogue has no items");
        }
    }

    /** Reads the reference's {@code .npy} (little-endian int64 or int32, C order, 2-D). */
    public static ReferenceSidTable readNpy(byte[] all, ItemTable items, String source) throws IOException {
        NpyArray a = NpyArray.parse(all, source);
        int width = switch (a.descr()) {
            case "<i8", "=i8" -> 8;
            case "<i4", "=i4" -> 4;
            default -> throw new IOException(source + ": .npy dtype must be little-endian int64 or int32, was '" + a.descr() + "'");
        };
        if (a.shape().length != 2) {
            throw new IOException(source + ": .npy must be 2-D (item ids × SID levels), shape was " + a.shapeText());
        }
        int n = Math.toIntExact(a.shape()[0]);
        int l = Math.toIntExact(a.shape()[1]);
        ByteBuffer b = a.data().duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN);
        long expected = (long) n * l * width;
        if (b.remaining() != expected) {
            throw new IOException(source + ": truncated or oversized .npy data: expected " + expected + " bytes for shape "
                    + a.shapeText() + ", found " + b.remaining());
        }
        long[][] table = new long[n][l];
        for (int r = 0; r < n; r++) {
            for (int q = 0; q < l; q++) {
                table[r][q] = width == 8 ? b.getLong() : b.getInt();
            }
        }
        return new ReferenceSidTable(table, items, source);
    }

    private static List<Integer> boxed(int[] sid, int prefixLength) {
        List<Integer> out = new ArrayList<>(prefixLength);
        for (int q = 0; q < prefixLength; q++) {
            out.add(sid[q]);
        }
        return out;
    }

    /** Catalogue items the table gives no SID (they act as (0,…,0), as in the reference). */
    public int unindexed() {
        return unindexed;
    }

    /** Distinct SIDs over the catalogue. */
    public int distinctSids() {
        return distinct;
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
        return sidOfItem.length;
    }

    @Override
    public int[] children(int[] prefix, int prefixLength) {
        int[] c = children.get(boxed(prefix, prefixLength));
        return c == null ? new int[0] : c.clone();
    }

    @Override
    public int item(int[] sid) {
        Integer i = sid.length == length ? firstItem.get(boxed(sid, length)) : null;
        return i == null ? -1 : i;
    }

    @Override
    public int[] sid(int item) {
        return sidOfItem[item].clone();
    }

    @Override
    public String toString() {
        return "ReferenceSidTable[" + sidOfItem.length + " items, " + length + " levels, " + distinct + " distinct SIDs, "
                + unindexed + " without a SID]";
    }
}
