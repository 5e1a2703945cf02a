package io.hsrl.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** File formats of item feature vectors that the index builder reads. */
public enum ItemVectorFormat {
    /** {@code item_id,f1,...,fd} with a header line. */
    @JsonProperty("csv") CSV,
    /** RL4RS {@code item_info.csv}: space-separated, {@code item_id item_vec price location special_item}. */
    @JsonProperty("rl4rs") RL4RS,
    /** NumPy {@code .npy}, float32, two dimensions; row r is item r+1. */
    @JsonProperty("npy") NPY;

    public String value() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
