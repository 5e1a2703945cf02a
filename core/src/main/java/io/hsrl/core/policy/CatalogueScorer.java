package io.hsrl.core.policy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import io.hsrl.core.sid.SidSpace;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The reference's acting rule (hsrl-reference.md §5, "From SIDs to a slate"): every catalogue item scores
 * {@code π(i|s) ∝ Π_l softmax(logits_l)[T_sid[i,l]]} and the slate is the top K. The cost grows with the catalogue
 * (B × N scores), which is what hsrl mode's decoding avoids.
 */
public final class CatalogueScorer implements AutoCloseable {
    private final NDManager manager;
    private final List<NDArray> tokenColumns = new ArrayList<>();
    private final int items;

    public CatalogueScorer(NDManager parent, SidSpace space) {
        this.manager = parent.newSubManager();
        this.items = space.items();
        for (int l = 0; l < space.length(); l++) {
            long[] column = new long[items];
            for (int i = 0; i < items; i++) {
                column[i] = space.sid(i)[l];
            }
            NDArray a = manager.create(column);
            NDScope.unregister(a);
            tokenColumns.add(a);
        }
    }

    /** log π̃(i|s) = Σ_l log q_l[T_sid[i,l]] (N, items), from the soft pass's logits. */
    public NDArray logScores(List<NDArray> levelLogits) {
        NDArray total = null;
        for (int l = 0; l < levelLogits.size(); l++) {
            NDArray logq = levelLogits.get(l).logSoftmax(-1);
            NDArray picked = logq.get(new NDIndex(":, {}", tokenColumns.get(l)));
            total = total == null ? picked : total.add(picked);
        }
        return total;
    }

    /** Normalised π over the catalogue (N, items). */
    public NDArray probabilities(List<NDArray> levelLogits) {
        return logScores(levelLogits).softmax(-1);
    }

    /** Top-K items per row by score, best first. */
    public static int[][] topK(NDArray scores, int k) {
        int n = (int) scores.getShape().get(0);
        int m = (int) scores.getShape().get(1);
        if (k > m) {
            throw new IllegalArgumentException("slate size " + k + " exceeds the catalogue's " + m + " items");
        }
        float[] s = scores.toFloatArray();
        int[][] out = new int[n][k];
        for (int r = 0; r < n; r++) {
            final int base = r * m;
            PriorityQueue<Integer> heap = new PriorityQueue<>(k + 1, (a, b) -> {
                int c = Float.compare(s[base + a], s[base + b]);
                return c != 0 ? c : Integer.compare(b, a);
            });
            for (int i = 0; i < m; i++) {
                heap.add(i);
                if (heap.size() > k) {
                    heap.poll();
                }
            }
            for (int j = k - 1; j >= 0; j--) {
                out[r][j] = heap.poll();
            }
        }
        return out;
    }

    public int items() {
        return items;
    }

    @Override
    public void close() {
        manager.close();
    }
}
