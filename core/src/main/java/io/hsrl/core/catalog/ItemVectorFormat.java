package io.hsrl.core.catalog;

import java.util.Locale;

/** File formats of item feature vectors (the same names as the SemanticIndex spec's catalog.format). */
public enum ItemVectorFormat {
    /** {@code item_id,f1,...,fd}; a header line is optional. */
    CSV,
    /** RL4RS {@code item_info.csv} (hsrl-reference.md §1.1): space-separated {@code item_id item_vec price location special_item}. */
    RL4RS,
    /** NumPy {@code .npy}, little-endian float32, 2-D; row r is item id r+1. */
    NPY;

    public static ItemVectorFormat parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("item vector format must be csv, rl4rs or npy, was '" + s + "'");
        }
    }
}
