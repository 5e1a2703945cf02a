package io.hsrl.core.data;

import io.hsrl.contracts.LogFormat;
import io.hsrl.core.catalog.ItemTable;
import io.hsrl.core.catalog.ItemTableReader;
import io.hsrl.store.Json;
import io.hsrl.store.ObjectStore;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link SyntheticWorld}'s log in any {@link LogFormat}, with the reference's file names, so that the
 * matching reader gives back the same rows:
 * <ul>
 *   <li>rl4rs: {@code item_info.csv}, {@code rl4rs_b_train.csv}, {@code rl4rs_b_test.csv} (§1.1), and beside each
 *       log file its conversions file ({@link Rl4rsLogReader#conversionsFile});</li>
 *   <li>ml1m: {@code train.tsv}, {@code test.tsv}, {@code users_meta.npy} (log-transformed profiles),
 *       {@code items_meta.npy} (row 0 = zero padding) (§1.2);</li>
 *   <li>csv: {@code log.csv} (one row per exposure, a slate's K exposures share a timestamp), {@code items.csv},
 *       {@code users.csv};</li>
 *   <li>movielens: {@code u.data} ({@code user item rating timestamp}, tab-separated): a click is rated 4, or 5 when it
 *       converted; a non-click is rated 1–3.</li>
 * </ul>
 * Always also {@code generator.json}: the configuration and summary statistics. Large files are streamed through a
 * local temporary file and uploaded.
 */
public final class SyntheticWriter {
    public static final String MANIFEST = "generator.json";

    private final SyntheticWorld world;
    private final LogDataset log;

    public SyntheticWriter(SyntheticWorld world, LogDataset log) {
        this.world = world;
        this.log = log;
    }

    /** Writes the files; returns their URIs. */
    public List<String> write(ObjectStore store, String outDir, LogFormat format) throws IOException {
        String dir = DataPaths.folder(outDir);
        List<String> written = new ArrayList<>();
        switch (format) {
            case RL4RS -> {
                written.add(TextFiles.write(store, dir + Rl4rsLogReader.ITEM_FILE, this::writeItemInfo));
                written.add(TextFiles.write(store, dir + Rl4rsLogReader.TRAIN_FILE, w -> writeRl4rs(w, log.train())));
                written.add(TextFiles.write(store, Rl4rsLogReader.conversionsFile(dir + Rl4rsLogReader.TRAIN_FILE),
                        w -> Rl4rsWriter.conversions(w, log.train())));
                if (log.test() != null) {
                    written.add(TextFiles.write(store, dir + Rl4rsLogReader.TEST_FILE, w -> writeRl4rs(w, log.test())));
                    written.add(TextFiles.write(store, Rl4rsLogReader.conversionsFile(dir + Rl4rsLogReader.TEST_FILE),
                            w -> Rl4rsWriter.conversions(w, log.test())));
                }
            }
            case ML1M -> {
                written.add(TextFiles.write(store, dir + Ml1mLogReader.TRAIN_FILE, w -> writeMl1m(w, log.train())));
                if (log.test() != null) {
                    written.add(TextFiles.write(store, dir + Ml1mLogReader.TEST_FILE, w -> writeMl1m(w, log.test())));
                }
                int users = world.config().users();
                int p = world.config().profileDimension();
                float[] um = new float[users * p];
                for (int u = 0; u < users; u++) {
                    System.arraycopy(world.profile(u), 0, um, u * p, p);
                }
                store.write(dir + Ml1mLogReader.USERS_META, ItemTableReader.toNpy(um, users, p));
                written.add(dir + Ml1mLogReader.USERS_META);
                ItemTable items = world.items();
                int d = items.dimension();
                float[] im = new float[(items.size() + 1) * d];
                System.arraycopy(items.vectors(), 0, im, d, items.size() * d);
                store.write(dir + Ml1mLogReader.ITEMS_META, ItemTableReader.toNpy(im, items.size() + 1, d));
                written.add(dir + Ml1mLogReader.ITEMS_META);
            }
            case CSV -> {
                written.add(TextFiles.write(store, dir + CsvLogReader.LOG_FILE, this::writeCsvLog));
                written.add(TextFiles.write(store, dir + CsvLogReader.ITEMS_FILE, this::writeCsvItems));
                written.add(TextFiles.write(store, dir + CsvLogReader.USERS_FILE, this::writeCsvUsers));
            }
            case MOVIELENS -> written.add(TextFiles.write(store, dir + MovieLensReader.U_DATA, this::writeUData));
        }
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("format", format.value());
        manifest.put("config", world.config());
        manifest.put("trainRows", log.train().rows());
        manifest.put("testRows", log.test() == null ? 0 : log.test().rows());
        manifest.put("clickRate", log.train().clickRate());
        manifest.put("files", written);
        store.write(dir + MANIFEST, Json.write(manifest));
        written.add(dir + MANIFEST);
        return written;
    }

    private String vector(int item) {
        ItemTable items = world.items();
        int d = items.dimension();
        StringBuilder sb = new StringBuilder(d * 10);
        float[] v = items.vectors();
        for (int q = 0; q < d; q++) {
            if (q > 0) {
                sb.append(',');
            }
            sb.append(v[item * d + q]);
        }
        return sb.toString();
    }

    private void writeItemInfo(Writer w) throws IOException {
        ItemTable items = world.items();
        w.write("item_id item_vec price location special_item\n");
        for (int i = 0; i < items.size(); i++) {
            w.write(items.id(i) + " " + vector(i) + " " + items.price(i) + " " + (world.itemCluster(i) % 3 + 1) + " 0\n");
        }
    }

    private void writeRl4rs(Writer w, LoggedSlates rows) throws IOException {
        ItemTable items = world.items();
        String[] vectors = new String[items.size()];
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = vector(i);
        }
        w.write(String.join("@", Rl4rsLogReader.COLUMNS));
        w.write('\n');
        int k = rows.slateSize();
        StringBuilder sb = new StringBuilder(4096);
        for (int r = 0; r < rows.rows(); r++) {
            sb.setLength(0);
            long user = rows.user(r);
            sb.append(rows.timestamp(r)).append('@').append(user).append('@')
                    .append((rows.timestamp(r) - SyntheticWorld.START_TIME - user * 1000) / 10).append('@');
            for (int q = 0; q < k; q++) {
                sb.append(q > 0 ? "," : "").append(items.id(rows.item(r, q)));
            }
            sb.append('@');
            for (int q = 0; q < k; q++) {
                sb.append(q > 0 ? "," : "").append((int) rows.feedback(r, q));
            }
            sb.append('@');
            boolean any = false;
            for (int h = 0; h < rows.historyLength(); h++) {
                int it = rows.historyItem(r, h);
                if (it != ItemFeatures.PADDING) {
                    sb.append(any ? "," : "").append(items.id(it));
                    any = true;
                }
            }
            if (!any) {
                sb.append('0');
            }
            sb.append('@');
            float[] raw = world.rawProfile((int) user);
            for (int j = 0; j < raw.length; j++) {
                sb.append(j > 0 ? "," : "").append(raw[j]);
            }
            sb.append('@');
            for (int q = 0; q < k; q++) {
                sb.append(q > 0 ? ";" : "").append(vectors[rows.item(r, q)]);
            }
            sb.append("@0\n");
            w.append(sb);
        }
    }

    private void writeMl1m(Writer w, LoggedSlates rows) throws IOException {
        ItemTable items = world.items();
        w.write(String.join("\t", Ml1mLogReader.COLUMNS));
        w.write('\n');
        int k = rows.slateSize();
        StringBuilder sb = new StringBuilder(1024);
        for (int row = 0; row < rows.rows(); row++) {
            final int r = row;
            sb.setLength(0);
            sb.append(rows.user(r)).append('\t');
            list(sb, k, q -> items.id(rows.item(r, q)));
            sb.append('\t');
            list(sb, k, q -> (long) rows.feedback(r, q));
            sb.append('\t');
            list(sb, k, q -> (long) rows.feedback(r, q));
            sb.append('\t');
            list(sb, k, q -> (long) rows.conversion(r, q));
            sb.append('\t');
            List<Long> hist = new ArrayList<>();
            for (int h = 0; h < rows.historyLength(); h++) {
                int it = rows.historyItem(r, h);
                if (it != ItemFeatures.PADDING) {
                    hist.add(items.id(it));
                }
            }
            for (int copy = 0; copy < 3; copy++) {
                list(sb, hist.size(), hist::get);
                sb.append('\t');
            }
            sb.append(r).append('\n');
            w.append(sb);
        }
    }

    private interface LongAt {
        long at(int i);
    }

    private static void list(StringBuilder sb, int n, LongAt values) {
        sb.append('[');
        for (int i = 0; i < n; i++) {
            sb.append(i > 0 ? ", " : "").append(values.at(i));
        }
        sb.append(']');
    }

    private List<LoggedSlates> allRows() {
        List<LoggedSlates> all = new ArrayList<>();
        all.add(log.train());
        if (log.test() != null) {
            all.add(log.test());
        }
        return all;
    }

    private void writeCsvLog(Writer w) throws IOException {
        ItemTable items = world.items();
        w.write(String.join(",", CsvLogReader.COLUMNS));
        w.write('\n');
        for (LoggedSlates rows : allRows()) {
            for (int r = 0; r < rows.rows(); r++) {
                for (int q = 0; q < rows.slateSize(); q++) {
                    w.write(rows.user(r) + "," + items.id(rows.item(r, q)) + "," + rows.timestamp(r) + ","
                            + (int) rows.feedback(r, q) + "," + (int) rows.conversion(r, q) + "," + rows.cost(r, q) + "\n");
                }
            }
        }
    }

    private void writeCsvItems(Writer w) throws IOException {
        ItemTable items = world.items();
        StringBuilder h = new StringBuilder("item_id");
        for (int q = 0; q < items.dimension(); q++) {
            h.append(",f").append(q + 1);
        }
        w.write(h.append('\n').toString());
        for (int i = 0; i < items.size(); i++) {
            w.write(items.id(i) + "," + vector(i) + "\n");
        }
    }

    private void writeCsvUsers(Writer w) throws IOException {
        int p = world.config().profileDimension();
        StringBuilder h = new StringBuilder("user_id");
        for (int q = 0; q < p; q++) {
            h.append(",p").append(q + 1);
        }
        w.write(h.append('\n').toString());
        for (int u = 0; u < world.config().users(); u++) {
            StringBuilder sb = new StringBuilder().append(u);
            for (float v : world.profile(u)) {
                sb.append(',').append(v);
            }
            w.write(sb.append('\n').toString());
        }
    }

    private void writeUData(Writer w) throws IOException {
        ItemTable items = world.items();
        for (LoggedSlates rows : allRows()) {
            for (int r = 0; r < rows.rows(); r++) {
                for (int q = 0; q < rows.slateSize(); q++) {
                    int rating = rows.feedback(r, q) == 1 ? (rows.conversion(r, q) == 1 ? 5 : 4)
                            : 1 + (int) ((rows.user(r) * 31 + rows.item(r, q) * 17 + r) % 3);
                    w.write((rows.user(r) + 1) + "\t" + items.id(rows.item(r, q)) + "\t" + rating + "\t"
                            + rows.timestamp(r) + "\n");
                }
            }
        }
    }
}
