package io.hsrl.core.agent;

import io.hsrl.core.catalog.ItemTable;

/**
 * Item histories (dense item indices, −1 = padding) → feature tensors (N × H × d_i). Padding is zeros, as in the RL4RS
 * environment, unless the reference's replay skew is on (§7.1, §13.10: id 0 → index −1 → the last item's features).
 */
public final class HistoryFeatures {
    private final ItemTable items;
    private final boolean paddingFromLastItem;

    public HistoryFeatures(ItemTable items, boolean paddingFromLastItem) {
        this.items = items;
        this.paddingFromLastItem = paddingFromLastItem;
    }

    public int dimension() {
        return items.dimension();
    }

    public float[] of(int[][] histories) {
        int d = items.dimension();
        int h = histories.length == 0 ? 0 : histories[0].length;
        float[] out = new float[histories.length * h * d];
        float[] vectors = items.vectors();
        for (int r = 0; r < histories.length; r++) {
            for (int t = 0; t < h; t++) {
                int item = histories[r][t];
                if (item < 0) {
                    if (!paddingFromLastItem) {
                        continue;
                    }
                    item = items.size() - 1;
                }
                System.arraycopy(vectors, item * d, out, (r * h + t) * d, d);
            }
        }
        return out;
    }
}
