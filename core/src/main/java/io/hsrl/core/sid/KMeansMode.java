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
    REFERENCE;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static KMeansMode parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("k-means mode must be plain, balanced or reference, was '" + s + "'");
        }
    }
}
