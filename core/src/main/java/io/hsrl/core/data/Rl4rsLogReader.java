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
 * history is the single token {@code 0}. Conversions and costs per exposed item are read from the optional
 * {@link #conversionsFile} beside each log file (written by {@link Rl4rsWriter} when the logs carry them).
 */
public final class Rl4rsLogReader {
    public static final String TRAIN_FILE = "rl4rs_b_train.csv";
    public static final String TEST_FILE = "rl4rs_b_test.csv";
    public static final String ITEM_FILE = "item_info.csv";
    public static final String[] COLUMNS = {"timestamp", "session_id", "sequence_id", "exposed_items", "user_feedback",
            "user_seqfeature", "user_protrait", "item_feature", "behavior_policy_id"};
    public static final int DEFAULT_HISTORY = 50;
    /**
     * The optional conversions file beside a log file ({@code rl4rs_b_train_conversions.csv} beside
     * {@code rl4rs_b_train.csv}): '@'-separated with this header, one line per row of the log file in its order,
     * {@code conversions} and {@code costs} comma-separated per exposed item (0/1; the cost of the click, 0 without).
     * The RL4RS format has no column for them; the reference's reader never opens this file.
     */
    public static final String[] CONVERSION_COLUMNS = {"timestamp", "session_id", "conversions", "costs"};
    public static final String CONVERSIONS_SUFFIX = "_conversions.csv";

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
                (in, source) -> read(in, source, features, readConversions(store, conversionsFile(source))));
    }

    /** The conversions file of a log file: {@code rl4rs_b_train.csv} → {@code rl4rs_b_train_conversions.csv}. */
    public static String conversionsFile(String logFile) {
        String stem = logFile.endsWith(".csv") ? logFile.substring(0, logFile.length() - 4) : logFile;
        return stem + CONVERSIONS_SUFFIX;
    }

    /** One line of a conversions file. */
    record ConversionRow(long timestamp, long session, float[] conversions, float[] costs, String source, int line) {
    }

    /** The rows of a conversions file, or null when there is none. */
    static java.util.List<ConversionRow> readConversions(ObjectStore store, String file) throws IOException {
        if (!store.exists(file)) {
            return null;
        }
        java.util.List<ConversionRow> out = new java.util.ArrayList<>();
        try (InputStream in = store.open(file)) {
            new DelimitedLog('@', CONVERSION_COLUMNS, DelimitedLog.Header.LINE).read(in, file, (c, f) -> {
                String[] conv = Fields.split(c[2].trim(), ',');
                String[] cost = Fields.split(c[3].trim(), ',');
                if (conv.length != cost.length) {
                    throw f.error("conversions has " + conv.length + " values, costs " + cost.length);
                }
                float[] cv = new float[conv.length];
                float[] cs = new float[cost.length];
                for (int q = 0; q < cv.length; q++) {
                    cv[q] = f.parseBinary(conv[q], "conversions[" + q + "]");
                    cs[q] = f.parseFloat(cost[q], "costs[" + q + "]");
                    if (cs[q] < 0) {
                        throw f.error("costs[" + q + "] must be non-negative, was " + cs[q]);
                    }
                }
                out.add(new ConversionRow(f.parseLong(c[0], "timestamp"), f.parseLong(c[1], "session_id"), cv, cs,
                        file, f.line()));
            });
        }
        return out;
    }

    public LoggedSlates read(InputStream in, String source, ItemFeatures features) throws IOException {
        return read(in, source, features, null);
    }

    /** @param conversions the log file's conversions rows in its order, or null */
    LoggedSlates read(InputStream in, String source, ItemFeatures features, java.util.List<ConversionRow> conversions)
            throws IOException {
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
            float[] conv = null;
            float[] cost = null;
            if (conversions != null) {
                int at = rows[0].rows();
                if (at >= conversions.size()) {
                    throw f.error("has no line in the conversions file " + conversionsFile(source) + " (it has "
                            + conversions.size() + " rows)");
                }
                ConversionRow cr = conversions.get(at);
                if (cr.timestamp() != timestamp || cr.session() != session || cr.conversions().length != slate.length) {
                    throw new LogFormatException(cr.source(), cr.line(), "does not match row " + (at + 1) + " of "
                            + source + " (timestamp " + timestamp + ", session_id " + session + ", " + slate.length
                            + " exposed items)");
                }
                for (int q = 0; q < slate.length; q++) {
                    if (cr.conversions()[q] > 0 && clicks[q] == 0) {
                        throw new LogFormatException(cr.source(), cr.line(), "conversions[" + q
                                + "] is 1 for an item without a click");
                    }
                }
                conv = cr.conversions();
                cost = cr.costs();
            }
            rows[0].add(session, timestamp, slate, clicks, conv, cost, hist, profile);
        });
        if (rows[0] == null || rows[0].rows() == 0) {
            throw new LogFormatException(source, "no data rows");
        }
        if (conversions != null && conversions.size() != rows[0].rows()) {
            throw new LogFormatException(conversionsFile(source), "has " + conversions.size() + " rows, " + source
                    + " has " + rows[0].rows());
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
