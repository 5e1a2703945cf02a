package io.hsrl.core.data;

import io.hsrl.contracts.LogFormat;
import io.hsrl.core.catalog.ItemTable;
import io.hsrl.core.catalog.ItemTableReader;
import io.hsrl.store.ObjectStore;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * KuaiSim/HAC-style ML1M (hsrl-reference.md §1.2): {@code train.tsv} / {@code test.tsv} (tab-separated, header, 9
 * columns, python-list literals) with {@code users_meta.npy} (row = user_ID, used raw) and {@code items_meta.npy}
 * (row = item id, row 0 = the padding vector, so N = rows − 1). As in the reference, the "mid" signals are used:
 * feedback = {@code user_mid}, history = {@code user_mid_history} (id 0 entries are padding).
 */
public final class Ml1mLogReader {
    public static final String TRAIN_FILE = "train.tsv";
    public static final String TEST_FILE = "test.tsv";
    public static final String USERS_META = "users_meta.npy";
    public static final String ITEMS_META = "items_meta.npy";
    public static final String[] COLUMNS = {"user_ID", "slate_of_items", "user_clicks", "user_mid", "user_likes",
            "user_click_history", "user_mid_history", "user_like_history", "sequence_id"};

    private final int historyLength;

    public Ml1mLogReader(int historyLength) {
        this.historyLength = historyLength;
    }

    /** items_meta rows 1..N become items with ids 1..N; row 0 is the padding vector. */
    static ItemFeatures features(ItemTable meta, String source) throws IOException {
        int n = meta.size() - 1;
        if (n < 1) {
            throw new LogFormatException(source, "items_meta must have a padding row 0 and at least one item row");
        }
        int d = meta.dimension();
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i + 1L;
        }
        ItemTable items = new ItemTable(ids, Arrays.copyOfRange(meta.vectors(), d, (n + 1) * d), d, null, source);
        return new ItemFeatures(items, Arrays.copyOfRange(meta.vectors(), 0, d));
    }

    /** Reads the folder {@code dir}: train (and test when present) with users_meta and items_meta. */
    public LogDataset read(ObjectStore store, String dir) throws IOException {
        String base = DataPaths.folder(dir);
        ItemTable meta = ItemTableReader.read(store, base + ITEMS_META, io.hsrl.contracts.ItemVectorFormat.NPY);
        ItemTable users = ItemTableReader.read(store, base + USERS_META, io.hsrl.contracts.ItemVectorFormat.NPY);
        ItemFeatures features = features(meta, base + ITEMS_META);
        return DelimitedLog.trainAndTest(store, base, TRAIN_FILE, TEST_FILE, LogFormat.ML1M,
                (in, source) -> read(in, source, features, users.vectors(), users.dimension()));
    }

    public LoggedSlates read(InputStream in, String source, ItemFeatures features, float[] usersMeta, int profileDim)
            throws IOException {
        int users = usersMeta.length / profileDim;
        int n = features.size();
        SlateFields slates = new SlateFields((id, f, field) -> {
            if (id < 1 || id > n) {
                throw f.error(field + " = " + id + " is not an item id in 1.." + n);
            }
            return (int) id - 1;
        }, "slate_of_items", "user_mid");
        LoggedSlates.Builder[] rows = new LoggedSlates.Builder[1];
        new DelimitedLog('\t', COLUMNS, DelimitedLog.Header.COUNT_AND_FIRST).read(in, source, (c, f) -> {
            long user = f.parseLong(c[0], "user_ID");
            if (user < 0 || user >= users) {
                throw f.error("user_ID " + user + " has no row in users_meta (" + users + " rows)");
            }
            int[] slate = slates.slate(f.parsePythonList(c[1], "slate_of_items"), f);
            float[] fb = slates.feedback(f.parsePythonList(c[3], "user_mid"), f);
            if (rows[0] == null) {
                rows[0] = LoggedSlates.builder(features, slates.slateSize(), historyLength, profileDim, source);
            }
            int[] hist = slates.history(f.parsePythonList(c[6], "user_mid_history"), id -> id == 0, historyLength, f,
                    "user_mid_history");
            long seq = f.parseLong(c[8], "sequence_id");
            rows[0].add(user, seq, slate, fb, null, null, hist,
                    Arrays.copyOfRange(usersMeta, (int) user * profileDim, (int) (user + 1) * profileDim));
        });
        if (rows[0] == null || rows[0].rows() == 0) {
            throw new LogFormatException(source, "no data rows");
        }
        return rows[0].build();
    }
}
