package io.hsrl.core.data;

import io.hsrl.core.catalog.ItemTable;

import java.util.Arrays;
import java.util.Objects;

/**
 * Item feature vectors as the simulator sees them: the catalogue's vectors by dense index, plus the vector that a
 * history padding position ({@link #PADDING}) maps to — zeros for RL4RS, {@code items_meta[0]} for ML1M
 * (hsrl-reference.md §1.1, §1.2).
 */
public final class ItemFeatures {
    /** The dense index of an empty history position. */
    public static final int PADDING = -1;

    private final ItemTable items;
    private final float[] padding;

    public ItemFeatures(ItemTable items, float[] padding) {
        this.items = Objects.requireNonNull(items, "items");
        this.padding = padding == null ? new float[items.dimension()] : padding.clone();
        if (this.padding.length != items.dimension()) {
            throw new IllegalArgumentException("padding vector has " + this.padding.length + " values, items have "
                    + items.dimension());
        }
    }

    /** Zero padding vector. */
    public static ItemFeatures of(ItemTable items) {
        return new ItemFeatures(items, null);
    }

    public ItemTable items() {
        return items;
    }

    public int size() {
        return items.size();
    }

    public int dimension() {
        return items.dimension();
    }

    public float[] padding() {
        return padding.clone();
    }

    /** Copies the vectors of {@code count} indices (from {@code from}) into {@code out} at {@code outOffset}. */
    public void gather(int[] indices, int from, int count, float[] out, int outOffset) {
        int d = items.dimension();
        float[] v = items.vectors();
        for (int i = 0; i < count; i++) {
            int idx = indices[from + i];
            if (idx == PADDING) {
                System.arraycopy(padding, 0, out, outOffset + i * d, d);
            } else {
                System.arraycopy(v, idx * d, out, outOffset + i * d, d);
            }
        }
    }

    @Override
    public String toString() {
        return "ItemFeatures[" + items.size() + " x " + items.dimension() + ", padding " + (isZero() ? "zeros" : "set") + "]";
    }

    private boolean isZero() {
        return Arrays.equals(padding, new float[padding.length]);
    }
}
