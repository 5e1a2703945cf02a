package io.hsrl.core.sid;

import java.util.Locale;

/** How each level's codebook is clustered (hsrl-reference.md §4, §15). */
public enum KMeansMode {
    /** Lloyd's k-means: nearest-centroid assignment, k-means++ initialisation. */
    PLAIN,
    /**
     * Capacity-constrained k-means: every cluster ends with ⌊n/K⌋ or ⌈n/K⌉ members. Capacities are reset every
     * iteration and items are placed in order of regret, iterated to convergence.
     */
    BALANCED,
    /**
     * A faithful port of the reference's {@code BalancedKMeans} with its bug (sizes start from the current labels, so
     * it stops after one greedy pass; cluster 0 collects the leftovers), its plain-nearest residual and greedy encoding.
     * For comparisons only.
     */
    REFERENCE,
    /**
     * Balanced k-means that separates items sharing a prefix: one global codebook per level as in the other modes, but
     * at each level the capacities hold within each group of items that share the codes of the levels before (level 0:
     * one group, so exactly {@link #BALANCED}). A group of g items puts at most ⌈g/K⌉ of them on any one code, so when
     * every group at the last level has at most K items, no two items share a Semantic ID before collision resolution.
     */
    SEPARATING;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static KMeansMode parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("k-means mode must be plain, balanced, reference or separating, was '" + s + "'");
        }
    }
}
