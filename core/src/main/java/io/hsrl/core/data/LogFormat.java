package io.hsrl.core.data;

import java.util.Locale;

/** Formats of logged interactions (the same names as the HsrlTraining spec's {@code data.format}). */
public enum LogFormat {
    /** RL4RS dataset B (HAC split), hsrl-reference.md §1.1: a folder with rl4rs_b_train.csv, rl4rs_b_test.csv, item_info.csv. */
    RL4RS,
    /** KuaiSim/HAC-style ML1M, §1.2: a folder with train.tsv, test.tsv, users_meta.npy, items_meta.npy. */
    ML1M,
    /** Raw MovieLens ratings: u.data (tab) or ratings.dat ('::'), a file or a folder holding one. */
    MOVIELENS,
    /** Generic CSV log {@code user_id,item_id,timestamp,click,conversion,cost}: log.csv (+ items.csv, users.csv). */
    CSV;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static LogFormat parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("log format must be rl4rs, ml1m, movielens or csv, was '" + s + "'");
        }
    }
}
