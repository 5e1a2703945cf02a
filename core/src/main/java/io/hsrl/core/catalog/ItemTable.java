package io.hsrl.core.catalog;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An item catalogue: external item ids, their feature vectors (row-major, {@code size × dimension}) and optional
 * prices. Row {@code i} is the item's dense index, the index every model works with.
 */
public final class ItemTable {
    private final long[] ids;
    private final float[] vectors;
    private final int dimension;
    private final double[] prices;
    private final String source;
    private final Map<Long, Integer> indexById;

    /**
     * @param prices null when the source has none
     * @param source file or URI the table came from, for error messages
     */
    public ItemTable(long[] ids, float[] vectors, int dimension, double[] prices, String source) {
        this.ids = Objects.requireNonNull(ids, "ids");
        this.vectors = Objects.requireNonNull(vectors, "vectors");
        if (dimension <= 0 || vectors.length != (long) ids.length * dimension) {
            throw new IllegalArgumentException(source + ": " + ids.length + " ids but " + vectors.length
                    + " values for dimension " + dimension);
        }
        if (prices != null && prices.length != ids.length) {
            throw new IllegalArgumentException(source + ": " + ids.length + " ids but " + prices.length + " prices");
        }
        this.dimension = dimension;
        this.prices = prices;
        this.source = source;
        this.indexById = new HashMap<>(ids.length * 2);
        for (int i = 0; i < ids.length; i++) {
            if (indexById.put(ids[i], i) != null) {
                throw new IllegalArgumentException(source + ": duplicate item id " + ids[i]);
            }
        }
    }

    public int size() {
        return ids.length;
    }

    public int dimension() {
        return dimension;
    }

    public long id(int index) {
        return ids[index];
    }

    /** The dense index of an external id, or -1 when the catalogue has no such item. */
    public int indexOf(long id) {
        Integer i = indexById.get(id);
        return i == null ? -1 : i;
    }

    /** A copy of one item's vector. */
    public float[] vector(int index) {
        return Arrays.copyOfRange(vectors, index * dimension, (index + 1) * dimension);
    }

    /** The backing row-major array (not copied: do not modify). */
    public float[] vectors() {
        return vectors;
    }

    public long[] ids() {
        return ids;
    }

    public boolean hasPrices() {
        return prices != null;
    }

    /** Price of an item; 0 when the source has no prices. */
    public double price(int index) {
        return prices == null ? 0.0 : prices[index];
    }

    public String source() {
        return source;
    }
}
