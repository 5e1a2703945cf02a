package io.hsrl.core.simulator;

import java.util.Arrays;

/** Area under the ROC curve by the rank-sum (Mann–Whitney) statistic, ties averaged. */
public final class Auc {
    private Auc() {
    }

    /** AUC of {@code scores} against 0/1 {@code labels} (first {@code n}); NaN when one class is absent. */
    public static double of(float[] scores, float[] labels, int n) {
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(scores[a], scores[b]));
        double positiveRankSum = 0;
        long positives = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int t = i; t <= j; t++) {
                if (labels[order[t]] > 0.5f) {
                    positiveRankSum += rank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /**
     * The reference's evaluation (§2): AUC per slate position over a {@code rows × k} matrix, averaged over the
     * positions where both classes occur (multilabel macro-AUC).
     */
    public static double macroOverPositions(float[] scores, float[] labels, int rows, int k) {
        float[] s = new float[rows];
        float[] y = new float[rows];
        double sum = 0;
        int counted = 0;
        for (int q = 0; q < k; q++) {
            for (int r = 0; r < rows; r++) {
                s[r] = scores[r * k + q];
                y[r] = labels[r * k + q];
            }
            double a = of(s, y, rows);
            if (!Double.isNaN(a)) {
                sum += a;
                counted++;
            }
        }
        return counted == 0 ? Double.NaN : sum / counted;
    }
}
