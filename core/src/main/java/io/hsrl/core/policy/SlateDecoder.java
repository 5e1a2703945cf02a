package io.hsrl.core.policy;

import ai.djl.ndarray.NDArray;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Coarse-to-fine decoding in hsrl mode (hsrl-reference.md §15): at level l a token is chosen from
 * {@code softmax(logits_l(c_{l−1})/τ)} restricted to the tokens that extend the chosen prefix in the trie, and the
 * context descends by the chosen token's embedding. A slate is K distinct items; acting evaluates L × V logits per
 * decoded path, whatever the catalogue size.
 */
public final class SlateDecoder {
    private final HierarchicalPolicy policy;
    private final PrefixIndex index;

    public SlateDecoder(HierarchicalPolicy policy, PrefixIndex index) {
        if (policy.levels() != index.length()) {
            throw new IllegalArgumentException("policy has " + policy.levels() + " levels, the SID space " + index.length());
        }
        for (int l = 0; l < policy.levels(); l++) {
            if (index.space().vocabulary(l) > policy.config().vocabulary()[l]) {
                throw new IllegalArgumentException("level " + l + ": SID vocabulary " + index.space().vocabulary(l)
                        + " exceeds the policy's " + policy.config().vocabulary()[l] + " logits");
            }
        }
        this.policy = policy;
        this.index = index;
    }

    /**
     * Samples K distinct items per state row (exploration while training): slot by slot, level by level, excluding
     * prefixes whose items are all in the slate already.
     */
    public DecodedSlates sample(NDArray states, int slateSize, Random random) {
        int n = (int) states.getShape().get(0);
        int levels = policy.levels();
        checkSlate(slateSize);
        float tau = policy.config().temperature();
        float[] rootLogits = policy.logits(0, states).toFloatArray();
        int[][] items = new int[n][slateSize];
        int[][][] sids = new int[n][slateSize][levels];
        List<Set<Long>> exhausted = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            exhausted.add(new HashSet<>());
        }
        int[] column = new int[n];
        for (int k = 0; k < slateSize; k++) {
            NDArray c = states;
            for (int l = 0; l < levels; l++) {
                int v = policy.config().vocabulary()[l];
                float[] logits = l == 0 ? rootLogits : policy.logits(l, c).toFloatArray();
                for (int r = 0; r < n; r++) {
                    int[] prefix = sids[r][k];
                    int token = sampleToken(logits, r * v, index.children(prefix, l), prefix, l, exhausted.get(r), tau, random);
                    prefix[l] = token;
                    column[r] = token;
                }
                if (l + 1 < levels) {
                    c = policy.descend(l, c, column);
                }
            }
            for (int r = 0; r < n; r++) {
                items[r][k] = index.item(sids[r][k]);
                markUsed(sids[r][k], exhausted.get(r));
            }
        }
        return new DecodedSlates(items, sids);
    }

    /**
     * Beam search (greedy acting): keeps the {@code width} most likely prefixes per row at each level under the
     * trie-restricted level distributions; the slate is the K most likely full SIDs, distinct by construction.
     */
    public DecodedSlates beam(NDArray states, int slateSize, int width) {
        return beamScored(states, slateSize, width).slates();
    }

    /**
     * {@link #beam} with each decoded SID's beam score: Σ_l log softmax(logits_l/τ) over the tokens valid after the
     * chosen prefix — the quantity the search ranks by, so a server needs no second pass to report it.
     */
    public ScoredSlates beamScored(NDArray states, int slateSize, int width) {
        checkSlate(slateSize);
        int w = Math.max(width, slateSize);
        int n = (int) states.getShape().get(0);
        int levels = policy.levels();
        float tau = policy.config().temperature();
        List<List<Beam>> beams = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            beams.add(List.of(new Beam(new int[levels], 0.0, r)));
        }
        NDArray contexts = states; // row i = context of beam with row index i
        for (int l = 0; l < levels; l++) {
            int v = policy.config().vocabulary()[l];
            float[] logits = policy.logits(l, contexts).toFloatArray();
            List<List<Beam>> next = new ArrayList<>();
            List<Integer> parents = new ArrayList<>();
            List<Integer> tokens = new ArrayList<>();
            for (int r = 0; r < n; r++) {
                List<Beam> candidates = new ArrayList<>();
                for (Beam b : beams.get(r)) {
                    int[] valid = index.children(b.prefix, l);
                    double[] logp = maskedLogSoftmax(logits, b.row * v, valid, tau);
                    for (int i = 0; i < valid.length; i++) {
                        int[] p = b.prefix.clone();
                        p[l] = valid[i];
                        candidates.add(new Beam(p, b.score + logp[i], b.row));
                    }
                }
                candidates.sort((a, b) -> Double.compare(b.score, a.score));
                List<Beam> kept = new ArrayList<>(candidates.subList(0, Math.min(w, candidates.size())));
                List<Beam> renumbered = new ArrayList<>();
                for (Beam b : kept) {
                    parents.add(b.row);
                    tokens.add(b.prefix[l]);
                    renumbered.add(new Beam(b.prefix, b.score, parents.size() - 1));
                }
                next.add(renumbered);
            }
            beams = next;
            if (l + 1 < levels) {
                int[] parentRows = parents.stream().mapToInt(Integer::intValue).toArray();
                int[] chosen = tokens.stream().mapToInt(Integer::intValue).toArray();
                NDArray gathered = contexts.get(contexts.getManager().create(parentRows));
                contexts = policy.descend(l, gathered, chosen);
            }
        }
        int[][] items = new int[n][slateSize];
        int[][][] sids = new int[n][slateSize][];
        float[][] scores = new float[n][slateSize];
        for (int r = 0; r < n; r++) {
            List<Beam> finals = beams.get(r);
            if (finals.size() < slateSize) {
                throw new IllegalStateException("beam search found " + finals.size() + " items for a slate of " + slateSize);
            }
            for (int k = 0; k < slateSize; k++) {
                sids[r][k] = finals.get(k).prefix;
                items[r][k] = index.item(finals.get(k).prefix);
                scores[r][k] = (float) finals.get(k).score;
            }
        }
        return new ScoredSlates(new DecodedSlates(items, sids), scores);
    }

    /** Beam-decoded slates with each SID's path log-probability (N × K), best first. */
    public record ScoredSlates(DecodedSlates slates, float[][] scores) {
    }

    private void checkSlate(int slateSize) {
        if (slateSize < 1 || slateSize > index.space().items()) {
            throw new IllegalArgumentException("slate size " + slateSize + " must be in [1, " + index.space().items()
                    + "] (the indexed items)");
        }
    }

    private int sampleToken(float[] logits, int offset, int[] valid, int[] prefix, int level, Set<Long> exhausted,
                            float tau, Random random) {
        double max = Double.NEGATIVE_INFINITY;
        boolean[] open = new boolean[valid.length];
        int[] probe = Arrays.copyOf(prefix, prefix.length);
        for (int i = 0; i < valid.length; i++) {
            probe[level] = valid[i];
            open[i] = !exhausted.contains(index.key(probe, level + 1));
            if (open[i]) {
                max = Math.max(max, logits[offset + valid[i]] / tau);
            }
        }
        double total = 0;
        double[] w = new double[valid.length];
        for (int i = 0; i < valid.length; i++) {
            if (open[i]) {
                w[i] = Math.exp(logits[offset + valid[i]] / tau - max);
                total += w[i];
            }
        }
        boolean anyOpen = false;
        for (boolean o : open) {
            anyOpen |= o;
        }
        if (anyOpen && (Double.isNaN(total) || Double.isInfinite(total) || Double.isNaN(max) || Double.isInfinite(max))) {
            throw new IllegalStateException("the policy produced non-finite logits at level " + level
                    + " (the training diverged)");
        }
        if (!(total > 0)) {
            throw new IllegalStateException("no open token at level " + level + " (all items under the prefix are used)");
        }
        double u = random.nextDouble() * total;
        int last = -1;
        for (int i = 0; i < valid.length; i++) {
            if (open[i]) {
                last = i;
                u -= w[i];
                if (u < 0) {
                    return valid[i];
                }
            }
        }
        return valid[last];
    }

    /** Marks a full SID used, and every prefix whose extensions are now all used. */
    private void markUsed(int[] sid, Set<Long> exhausted) {
        exhausted.add(index.key(sid, sid.length));
        int[] probe = sid.clone();
        for (int len = sid.length - 1; len >= 1; len--) {
            boolean all = true;
            for (int t : index.children(sid, len)) {
                probe[len] = t;
                if (!exhausted.contains(index.key(probe, len + 1))) {
                    all = false;
                    break;
                }
            }
            probe[len] = sid[len];
            if (!all) {
                return;
            }
            exhausted.add(index.key(sid, len));
        }
    }

    static double[] maskedLogSoftmax(float[] logits, int offset, int[] valid, float tau) {
        double max = Double.NEGATIVE_INFINITY;
        for (int t : valid) {
            max = Math.max(max, logits[offset + t] / tau);
        }
        double sum = 0;
        for (int t : valid) {
            sum += Math.exp(logits[offset + t] / tau - max);
        }
        double log = max + Math.log(sum);
        double[] out = new double[valid.length];
        for (int i = 0; i < valid.length; i++) {
            out[i] = logits[offset + valid[i]] / tau - log;
        }
        return out;
    }

    private record Beam(int[] prefix, double score, int row) {
    }
}
