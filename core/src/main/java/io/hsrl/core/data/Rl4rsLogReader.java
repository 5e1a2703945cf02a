package io.hsrl.core.data;

import io.hsrl.contracts.LogFormat;
import io.hsrl.core.catalog.ItemTable;
import io.hsrl.core.catalog.ItemTableReader;
import io.hsrl.store.ObjectStore;

import java.io.IOException;
import java.io.InputStream;

/**
 * RL4RS dataset B (hsrl-reference.md §1.1): {@code rl4rs_b_train.csv} / {@code rl4rs_b_test.csv}, '@'-separated with a
 * header and 9 columns, and {@code item_info.csv} beside them. Item features come from item_info (the per-row
 * {@code item_feature} column repeats them and is not parsed); profiles are {@code log(1 + user_protrait)}; an empty
 * history is the single token {@code 0}.
 */
public final class Rl4rsLogReader {
    public static final String TRAIN_FILE = "rl4rs_b_train.csv";
    public static final String TEST_FILE = "rl4rs_b_test.csv";
    public static final String ITEM_FILE = "item_info.csv";
    public static final String[] COLUMNS = {"timestamp", "session_id", "sequence_id", "exposed_items", "user_feedback",
            "user_seqfeature", "user_protrait", "item_feature", "behavior_policy_id"};
    public static final int DEFAULT_HISTORY = 50;

    private final int historyLength;

    public Rl4rsLogReader(int historyLength) {
        this.historyLength = historyLength;
    }

    /** Reads the folder {@code dir} (train, test when present, item_info). */
    public LogDataset read(ObjectStore store, String dir) throws IOException {
        String base = DataPaths.folder(dir);
        ItemTable items = ItemTableReader.read(store, base + ITEM_FILE, io.hsrl.contracts.ItemVectorFormat.RL4RS);
        ItemFeatures features = ItemFeatures.of(items);
        return DelimitedLog.trainAndTest(store, base, TRAIN_FILE, TEST_FILE, LogFormat.RL4RS,
                (in, source) -> read(in, source, features));
    }

    public LoggedSlates read(InputStream in, String source, ItemFeatures features) throws IOException {
        ItemTable items = features.items();
        SlateFields slates = new SlateFields((id, f, field) -> index(items, id, f, field), "exposed_items", "user_feedback");
        LoggedSlates.Builder[] rows = new LoggedSlates.Builder[1];
        int[] profileDim = {-1};
        new DelimitedLog('@', COLUMNS, DelimitedLog.Header.COUNT_AND_FIRST).read(in, source, (c, f) -> {
            long timestamp = f.parseLong(c[0], "timestamp");
            long session = f.parseLong(c[1], "session_id");
            int[] slate = slates.slate(f.parseLongList(c[3], ',', "exposed_items"), f);
            float[] clicks = slates.feedback(f.parseLongList(c[4], ',', "user_feedback"), f);
            long[] seq = f.parseLongList(c[5], ',', "user_seqfeature");
            boolean empty = seq.length == 1 && seq[0] == 0; // an empty history is the single token 0
            int[] hist = slates.history(seq, id -> empty, historyLength, f, "user_seqfeature");
            String[] p = Fields.split(c[6].trim(), ',');
            if (profileDim[0] < 0) {
                profileDim[0] = p.length;
                rows[0] = LoggedSlates.builder(features, slates.slateSize(), historyLength, p.length, source);
            }
            if (p.length != profileDim[0]) {
                throw f.error("user_protrait has " + p.length + " values, earlier rows have " + profileDim[0]);
            }
            float[] profile = new float[p.length];
            for (int j = 0; j < p.length; j++) {
                float v = f.parseFloat(p[j], "user_protrait[" + j + "]");
                if (v < 0) {
                    throw f.error("user_protrait[" + j + "] must be non-negative (it is log(1+x)-transformed), was " + v);
                }
                profile[j] = (float) Math.log1p(v);
            }
            rows[0].add(session, timestamp, slate, clicks, null, null, hist, profile);
        });
        if (rows[0] == null || rows[0].rows() == 0) {
            throw new LogFormatException(source, "no data rows");
        }
        return rows[0].build();
    }

    private static int index(ItemTable items, long id, Fields f, String field) throws LogFormatException {
        int i = items.indexOf(id);
        if (i < 0) {
            throw f.error(field + ": item id " + id + " is not in " + items.source());
        }
        return i;
    }
}
