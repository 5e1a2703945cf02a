package io.hsrl.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How each level's codebook of a Semantic-ID index is clustered (hsrl-reference.md §4, §15; SemanticIndex
 * {@code spec.kmeans}, {@code index --kmeans}, stats.json {@code kmeans}).
 */
public enum KMeansMode implements Names.Named {
    /** Lloyd's k-means: nearest-centroid assignment, k-means++ initialisation. */
    @JsonProperty("plain") PLAIN,
    /**
     * Capacity-constrained k-means: every cluster ends with ⌊n/K⌋ or ⌈n/K⌉ members. Capacities are reset every
     * iteration and items are placed in order of regret, iterated to convergence.
     */
    @JsonProperty("balanced") BALANCED,
    /**
     * A faithful port of the reference's {@code BalancedKMeans} with its bug (sizes start from the current labels, so
     * it stops after one greedy pass; cluster 0 collects the leftovers), its plain-nearest residual and greedy encoding.
     * For comparisons only.
     */
    @JsonProperty("reference") REFERENCE,
    /**
     * Balanced k-means that separates items sharing a prefix: one global codebook per level as in the other modes, but
     * at each level the capacities hold within each group of items that share the codes of the levels before (level 0:
     * one group, so exactly {@link #BALANCED}). A group of g items puts at most ⌈g/K⌉ of them on any one code, so when
     * every group at the last level has at most K items, no two items share a Semantic ID before collision resolution.
     */
    @JsonProperty("separating") SEPARATING;

    @Override
    public String value() {
        return Names.lower(this);
    }

    /** The wire name, case-insensitive. */
    @JsonCreator
    public static KMeansMode parse(String s) {
        return Names.parse(KMeansMode.class, "kmeans", s);
    }
}
