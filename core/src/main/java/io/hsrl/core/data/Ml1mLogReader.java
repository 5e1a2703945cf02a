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

    public LogDataset read(ObjectStore store, String dir) throws IOException {
        String base = DataPaths.folder(dir);
        ItemTable meta = ItemTableReader.read(store, base + ITEMS_META, io.hsrl.contracts.ItemVectorFormat.NPY);
        ItemTable users = ItemTableReader.read(store, base + USERS_META, io.hsrl.contracts.ItemVectorFormat.NPY);
        ItemFeatures features = features(meta, base + ITEMS_META);
        LoggedSlates train;
        try (InputStream in = store.open(base + TRAIN_FILE)) {
            train = read(in, base + TRAIN_FILE, features, users.vectors(), users.dimension());
        }
        LoggedSlates test = null;
        if (store.exists(base + TEST_FILE)) {
            try (InputStream in = store.open(base + TEST_FILE)) {
                test = read(in, base + TEST_FILE, features, users.vectors(), users.dimension());
            }
        }
        return new LogDataset(LogFormat.ML1M, train, test);
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

    public LoggedSlates read(InputStream in, String source, ItemFeatures features, float[] usersMeta, int profileDim)
            throws IOException {
        int users = usersMeta.length / profileDim;
        int n = features.size();
        LoggedSlates.Builder rows = null;
        int slateSize = -1;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
            String header = r.readLine();
            if (header == null) {
                throw new LogFormatException(source, 1, "empty file (expected the header " + String.join("\\t", COLUMNS) + ")");
            }
            String[] h = Fields.split(header.trim(), '\t');
            if (h.length != COLUMNS.length || !h[0].trim().equals("user_ID")) {
                throw new LogFormatException(source, 1, "header must be the 9 tab-separated columns "
                        + String.join(",", COLUMNS) + ", found " + h.length + " column(s)");
            }
            String line;
            int lineNo = 1;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                Fields f = new Fields(source, lineNo);
                String[] c = Fields.split(line, '\t');
                if (c.length != COLUMNS.length) {
                    throw f.error("expected 9 tab-separated columns, found " + c.length);
                }
                long user = f.parseLong(c[0], "user_ID");
                if (user < 0 || user >= users) {
                    throw f.error("user_ID " + user + " has no row in users_meta (" + users + " rows)");
                }
                long[] slateIds = f.parsePythonList(c[1], "slate_of_items");
                long[] mid = f.parsePythonList(c[3], "user_mid");
                if (slateSize < 0) {
                    slateSize = slateIds.length;
                    if (slateSize == 0) {
                        throw f.error("slate_of_items is empty");
                    }
                    rows = LoggedSlates.builder(features, slateSize, historyLength, profileDim, source);
                }
                if (slateIds.length != slateSize) {
                    throw f.error("slate_of_items has " + slateIds.length + " items, earlier rows have " + slateSize
                            + " (all slates of a file must have the same length)");
                }
                if (mid.length != slateSize) {
                    throw f.error("user_mid has " + mid.length + " values for " + slateSize + " items");
                }
                int[] slate = new int[slateSize];
                float[] fb = new float[slateSize];
                for (int k = 0; k < slateSize; k++) {
                    if (slateIds[k] < 1 || slateIds[k] > n) {
                        throw f.error("slate_of_items[" + k + "] = " + slateIds[k] + " is not an item id in 1.." + n);
                    }
                    slate[k] = (int) slateIds[k] - 1;
                    if (mid[k] != 0 && mid[k] != 1) {
                        throw f.error("user_mid[" + k + "] must be 0 or 1, was " + mid[k]);
                    }
                    fb[k] = mid[k];
                }
                long[] histIds = f.parsePythonList(c[6], "user_mid_history");
                int[] hist = new int[histIds.length];
                int m = 0;
                for (int i = 0; i < histIds.length; i++) {
                    if (histIds[i] < 0 || histIds[i] > n) {
                        throw f.error("user_mid_history[" + i + "] = " + histIds[i] + " is not an item id in 0.." + n);
                    }
                    if (histIds[i] != 0) {
                        hist[m++] = (int) histIds[i] - 1;
                    }
                }
                long seq = f.parseLong(c[8], "sequence_id");
                rows.add(user, seq, slate, fb, null, null, Arrays.copyOf(hist, m),
                        Arrays.copyOfRange(usersMeta, (int) user * profileDim, (int) (user + 1) * profileDim));
            }
        }
        if (rows == null || rows.rows() == 0) {
            throw new LogFormatException(source, "no data rows");
        }
        return rows.build();
    }
}
