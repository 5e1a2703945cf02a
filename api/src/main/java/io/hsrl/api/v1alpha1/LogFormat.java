package io.hsrl.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Formats of logged interactions that the trainer reads. */
public enum LogFormat {
    /** RL4RS dataset B (HAC split), '@'-separated; item_info.csv beside it. */
    @JsonProperty("rl4rs") RL4RS("rl4rs"),
    /** KuaiSim/HAC-style preprocessed MovieLens-1M (train.tsv, users_meta.npy, items_meta.npy). */
    @JsonProperty("ml1m") ML1M("ml1m"),
    /** Raw MovieLens (u.data or ratings.dat), converted to slates. */
    @JsonProperty("movielens") MOVIELENS("movielens"),
    /** Generic CSV: user_id,item_id,timestamp,click,conversion,cost. */
    @JsonProperty("csv") CSV("csv");

    private final String value;

    LogFormat(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }
}
