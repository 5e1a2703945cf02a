package io.hsrl.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Formats of logged interactions that the trainer reads (HsrlTraining {@code spec.data.format}, {@code --format}). */
public enum LogFormat implements Names.Named {
    /** RL4RS dataset B (HAC split), '@'-separated: rl4rs_b_train.csv, rl4rs_b_test.csv, item_info.csv. */
    @JsonProperty("rl4rs") RL4RS,
    /** KuaiSim/HAC-style preprocessed MovieLens-1M: train.tsv, test.tsv, users_meta.npy, items_meta.npy. */
    @JsonProperty("ml1m") ML1M,
    /** Raw MovieLens ratings: u.data (tab) or ratings.dat ('::'), a file or a folder holding one; turned into slates. */
    @JsonProperty("movielens") MOVIELENS,
    /** Generic CSV log {@code user_id,item_id,timestamp,click,conversion,cost}: log.csv (+ items.csv, users.csv). */
    @JsonProperty("csv") CSV;

    @Override
    public String value() {
        return Names.lower(this);
    }

    /** The wire name, case-insensitive (older JSON files wrote the constant's name). */
    @JsonCreator
    public static LogFormat parse(String s) {
        return Names.parse(LogFormat.class, "log format", s);
    }
}
