package io.hsrl.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/** File formats of item feature vectors (SemanticIndex {@code spec.catalog.format}, {@code index --format}). */
public enum ItemVectorFormat implements Names.Named {
    /** {@code item_id,f1,...,fd}; a header line is optional. */
    @JsonProperty("csv") CSV,
    /** RL4RS {@code item_info.csv}: space-separated {@code item_id item_vec price location special_item}. */
    @JsonProperty("rl4rs") RL4RS,
    /** NumPy {@code .npy}, little-endian float32, two dimensions; row r is item id r+1. */
    @JsonProperty("npy") NPY;

    @Override
    public String value() {
        return Names.lower(this);
    }

    /** The wire name, case-insensitive (older JSON files wrote the constant's name). */
    @JsonCreator
    public static ItemVectorFormat parse(String s) {
        return Names.parse(ItemVectorFormat.class, "item vector format", s);
    }
}
