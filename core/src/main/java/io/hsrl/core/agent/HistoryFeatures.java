package io.hsrl.core.agent;

import io.hsrl.core.data.ItemFeatures;

/**
 * Item histories (dense item indices, {@link ItemFeatures#PADDING} = padding) → feature tensors (N × H × d_i). Padding
 * gets the environment's padding vector, exactly as the environment built the observation, unless the reference's
 * replay skew is on (§7.1, §13.10: id 0 → index −1 → the last item's features).
 */
public final class HistoryFeatures {
    private final ItemFeatures features;
    private final boolean paddingFromLastItem;
    private final int[] lastItem;

    public HistoryFeatures(ItemFeatures features, boolean paddingFromLastItem) {
        this.features = features;
        this.paddingFromLastItem = paddingFromLastItem;
        this.lastItem = new int[] {features.size() - 1};
    }

    public int dimension() {
        return features.dimension();
    }

    public float[] of(int[][] histories) {
        int d = features.dimension();
        int h = histories.length == 0 ? 0 : histories[0].length;
        float[] out = new float[histories.length * h * d];
        for (int r = 0; r < histories.length; r++) {
            features.gather(histories[r], 0, h, out, r * h * d);
            if (paddingFromLastItem) {
                for (int t = 0; t < h; t++) {
                    if (histories[r][t] == ItemFeatures.PADDING) {
                        features.gather(lastItem, 0, 1, out, (r * h + t) * d);
                    }
                }
            }
        }
        return out;
    }
}
