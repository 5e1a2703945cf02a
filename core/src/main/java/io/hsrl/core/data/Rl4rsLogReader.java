package io.hsrl.core.data;

import io.hsrl.contracts.LogFormat;
import io.hsrl.core.catalog.ItemTable;
import io.hsrl.core.catalog.ItemTableReader;
import io.hsrl.store.ObjectStore;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

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
        LoggedSlates train;
        try (InputStream in = store.open(base + TRAIN_FILE)) {
            train = read(in, base + TRAIN_FILE, features);
        }
        LoggedSlates test = null;
        if (store.exists(base + TEST_FILE)) {
            try (InputStream in = store.open(base + TEST_FILE)) {
                test = read(in, base + TEST_FILE, features);
            }
        }
        return new LogDataset(LogFormat.RL4RS, train, test);
    }

    public LoggedSlates read(InputStream in, String source, ItemFeatures features) throws IOException {
        ItemTable items = features.items();
        LoggedSlates.Builder rows = null;
        int slateSize = -1;
        int profileDim = -1;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
            String header = r.readLine();
            if (header == null) {
                throw new LogFormatException(source, 1, "empty file (expected the header " + String.join("@", COLUMNS) + ")");
            }
            String[] h = Fields.split(header.trim(), '@');
            if (h.length != COLUMNS.length || !h[0].trim().equals("timestamp")) {
                throw new LogFormatException(source, 1, "header must be the 9 '@'-separated columns "
                        + String.join("@", COLUMNS) + ", found " + h.length + " column(s)");
            }
            String line;
            int lineNo = 1;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                Fields f = new Fields(source, lineNo);
                String[] c = Fields.split(line, '@');
                if (c.length != COLUMNS.length) {
                    throw f.error("expected 9 '@'-separated columns, found " + c.length);
                }
                long timestamp = f.parseLong(c[0], "timestamp");
                long session = f.parseLong(c[1], "session_id");
                long[] exposed = f.parseLongList(c[3], ',', "exposed_items");
                long[] feedback = f.parseLongList(c[4], ',', "user_feedback");
                if (slateSize < 0) {
                    slateSize = exposed.length;
                    if (slateSize == 0) {
                        throw f.error("exposed_items is empty");
                    }
                }
                if (exposed.length != slateSize) {
                    throw f.error("exposed_items has " + exposed.length + " items, earlier rows have " + slateSize);
                }
                if (feedback.length != slateSize) {
                    throw f.error("user_feedback has " + feedback.length + " values for " + slateSize + " exposed items");
                }
                int[] slate = new int[slateSize];
                float[] clicks = new float[slateSize];
                for (int k = 0; k < slateSize; k++) {
                    slate[k] = index(items, exposed[k], f, "exposed_items[" + k + "]");
                    if (feedback[k] != 0 && feedback[k] != 1) {
                        throw f.error("user_feedback[" + k + "] must be 0 or 1, was " + feedback[k]);
                    }
                    clicks[k] = feedback[k];
                }
                long[] seq = f.parseLongList(c[5], ',', "user_seqfeature");
                int[] hist;
                if (seq.length == 1 && seq[0] == 0) {
                    hist = new int[0];
                } else {
                    int n = Math.min(seq.length, historyLength);
                    hist = new int[n];
                    for (int i = 0; i < n; i++) {
                        int at = seq.length - n + i;
                        hist[i] = index(items, seq[at], f, "user_seqfeature[" + at + "]");
                    }
                }
                String[] p = Fields.split(c[6].trim(), ',');
                if (profileDim < 0) {
                    profileDim = p.length;
                    rows = LoggedSlates.builder(features, slateSize, historyLength, profileDim, source);
                }
                if (p.length != profileDim) {
                    throw f.error("user_protrait has " + p.length + " values, earlier rows have " + profileDim);
                }
                float[] profile = new float[profileDim];
                for (int j = 0; j < profileDim; j++) {
                    float v = f.parseFloat(p[j], "user_protrait[" + j + "]");
                    if (v < 0) {
                        throw f.error("user_protrait[" + j + "] must be non-negative (it is log(1+x)-transformed), was " + v);
                    }
                    profile[j] = (float) Math.log1p(v);
                }
                rows.add(session, timestamp, slate, clicks, null, null, hist, profile);
            }
        }
        if (rows == null || rows.rows() == 0) {
            throw new LogFormatException(source, "no data rows");
        }
        return rows.build();
    }

    private static int index(ItemTable items, long id, Fields f, String field) throws LogFormatException {
        int i = items.indexOf(id);
        if (i < 0) {
            throw f.error(field + ": item id " + id + " is not in " + items.source());
        }
        return i;
    }
}
