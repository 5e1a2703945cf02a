package io.hsrl.core.data;

import io.hsrl.core.catalog.ItemTable;
import io.hsrl.store.ObjectStore;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes any {@link LogDataset} as RL4RS dataset B files (hsrl-reference.md §1.1), exactly as the Python reference's
 * {@code RL4RSDataReader} and {@link Rl4rsLogReader} read them:
 * <ul>
 *   <li>{@code item_info.csv}: a header, then {@code item_id item_vec price location special_item} space-separated,
 *       {@code item_vec} the item's comma-separated vector; item ids are renumbered 1..N in catalogue order, because
 *       the reference looks item id i up as row i-1 ({@link #ID_MAP} keeps the source ids);</li>
 *   <li>{@code rl4rs_b_train.csv}, {@code rl4rs_b_test.csv}: '@'-separated with the 9-column header; the history is
 *       the row's clicked-item history ({@code 0} when empty); {@code item_feature} repeats the exposed items'
 *       vectors ({@code ;}-separated); {@code behavior_policy_id} is 0;</li>
 *   <li>{@code user_protrait}: the readers apply {@code log(1+x)}, so the profile {@code p} is written as
 *       {@code exp(p)-1}; when some profile value is negative (e.g. learned user factors) every profile is written as
 *       {@code [exp(max(p,0))-1, exp(max(-p,0))-1]} (2P values), which reads back as {@code [max(p,0), max(-p,0)]}.</li>
 * </ul>
 * Conversions and costs have no column in this format: when the logs carry them they are written to the conversions
 * file beside each log file ({@link Rl4rsLogReader#conversionsFile}), which {@link Rl4rsLogReader} reads back and the
 * reference's reader ignores. A dataset without a test file is split by
 * {@link #holdOutUsers}.
 */
public final class Rl4rsWriter {
    /** {@code item_id,source_item_id}: the written id of every item and its id in the source log. */
    public static final String ID_MAP = "item_ids.csv";

    /** What was written. */
    public record Written(List<String> files, int items, int itemDimension, int trainRows, int testRows,
                          int profileDimension, boolean profileSplit) {
    }

    private Rl4rsWriter() {
    }

    /**
     * Holds out the rows of a seeded fraction of the users (every row of a user on the same side, as the synthetic
     * generator splits); at least one user on each side when there are two or more.
     */
    public static LogDataset holdOutUsers(LogDataset data, double fraction, long seed) {
        if (data.test() != null) {
            return data;
        }
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("test fraction must be in (0, 1), was " + fraction);
        }
        LoggedSlates all = data.train();
        Map<Long, Boolean> test = new LinkedHashMap<>();
        SplittableRandom rng = new SplittableRandom(seed);
        for (int r = 0; r < all.rows(); r++) {
            test.computeIfAbsent(all.user(r), u -> rng.nextDouble() < fraction);
        }
        if (test.size() >= 2) {
            if (!test.containsValue(true)) {
                test.put(test.keySet().iterator().next(), true);
            }
            if (!test.containsValue(false)) {
                test.put(test.keySet().iterator().next(), false);
            }
        }
        int nTest = 0;
        for (int r = 0; r < all.rows(); r++) {
            nTest += test.get(all.user(r)) ? 1 : 0;
        }
        int[] tr = new int[all.rows() - nTest];
        int[] te = new int[nTest];
        int a = 0;
        int b = 0;
        for (int r = 0; r < all.rows(); r++) {
            if (test.get(all.user(r))) {
                te[b++] = r;
            } else {
                tr[a++] = r;
            }
        }
        if (te.length == 0) {
            return new LogDataset(data.format(), all, null);
        }
        return new LogDataset(data.format(), all.select(tr, all.source() + " (train users)"),
                all.select(te, all.source() + " (held-out users)"));
    }

    /** Writes item_info.csv, rl4rs_b_train.csv, rl4rs_b_test.csv (when the dataset has test rows) and item_ids.csv. */
    public static Written write(ObjectStore store, String outDir, LogDataset data) throws IOException {
        String dir = DataPaths.folder(outDir);
        ItemTable items = data.features().items();
        int d = items.dimension();
        String[] vectors = new String[items.size()];
        for (int i = 0; i < vectors.length; i++) {
            StringBuilder sb = new StringBuilder(d * 10);
            float[] v = items.vectors();
            for (int q = 0; q < d; q++) {
                sb.append(q > 0 ? "," : "").append(v[i * d + q]);
            }
            vectors[i] = sb.toString();
        }
        boolean split = hasNegativeProfile(data.train()) || (data.test() != null && hasNegativeProfile(data.test()));
        List<String> files = new ArrayList<>();
        files.add(TextFiles.write(store, dir + Rl4rsLogReader.ITEM_FILE, w -> {
            w.write("item_id item_vec price location special_item\n");
            for (int i = 0; i < items.size(); i++) {
                w.write((i + 1) + " " + vectors[i] + " " + (items.hasPrices() ? (float) items.price(i) : 0f) + " 1 0\n");
            }
        }));
        files.add(TextFiles.write(store, dir + Rl4rsLogReader.TRAIN_FILE, w -> rows(w, data.train(), vectors, split)));
        if (data.train().hasConversions()) {
            files.add(TextFiles.write(store, Rl4rsLogReader.conversionsFile(dir + Rl4rsLogReader.TRAIN_FILE),
                    w -> conversions(w, data.train())));
        }
        if (data.test() != null) {
            files.add(TextFiles.write(store, dir + Rl4rsLogReader.TEST_FILE, w -> rows(w, data.test(), vectors, split)));
            if (data.test().hasConversions()) {
                files.add(TextFiles.write(store, Rl4rsLogReader.conversionsFile(dir + Rl4rsLogReader.TEST_FILE),
                        w -> conversions(w, data.test())));
            }
        }
        files.add(TextFiles.write(store, dir + ID_MAP, w -> {
            w.write("item_id,source_item_id\n");
            for (int i = 0; i < items.size(); i++) {
                w.write((i + 1) + "," + items.id(i) + "\n");
            }
        }));
        int p = data.train().profileDimension();
        return new Written(files, items.size(), d, data.train().rows(), data.test() == null ? 0 : data.test().rows(),
                split ? 2 * p : p, split);
    }

    private static boolean hasNegativeProfile(LoggedSlates rows) {
        float[] p = new float[rows.profileDimension()];
        for (int r = 0; r < rows.rows(); r++) {
            rows.copyProfile(r, p, 0);
            for (float v : p) {
                if (v < 0) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void rows(Writer w, LoggedSlates rows, String[] vectors, boolean split) throws IOException {
        w.write(String.join("@", Rl4rsLogReader.COLUMNS));
        w.write('\n');
        int k = rows.slateSize();
        float[] profile = new float[rows.profileDimension()];
        Map<Long, Integer> sequence = new LinkedHashMap<>();
        StringBuilder sb = new StringBuilder(8192);
        for (int r = 0; r < rows.rows(); r++) {
            sb.setLength(0);
            long user = rows.user(r);
            int seq = sequence.merge(user, 1, Integer::sum) - 1;
            sb.append(rows.timestamp(r)).append('@').append(user).append('@').append(seq).append('@');
            for (int q = 0; q < k; q++) {
                sb.append(q > 0 ? "," : "").append(rows.item(r, q) + 1);
            }
            sb.append('@');
            for (int q = 0; q < k; q++) {
                sb.append(q > 0 ? "," : "").append(rows.feedback(r, q) == 1f ? 1 : 0);
            }
            sb.append('@');
            boolean any = false;
            for (int h = 0; h < rows.historyLength(); h++) {
                int it = rows.historyItem(r, h);
                if (it != ItemFeatures.PADDING) {
                    sb.append(any ? "," : "").append(it + 1);
                    any = true;
                }
            }
            if (!any) {
                sb.append('0');
            }
            sb.append('@');
            rows.copyProfile(r, profile, 0);
            for (int j = 0; j < profile.length; j++) {
                sb.append(j > 0 ? "," : "").append(raw(split ? Math.max(profile[j], 0f) : profile[j]));
            }
            if (split) {
                for (float v : profile) {
                    sb.append(',').append(raw(Math.max(-v, 0f)));
                }
            }
            sb.append('@');
            for (int q = 0; q < k; q++) {
                sb.append(q > 0 ? ";" : "").append(vectors[rows.item(r, q)]);
            }
            sb.append("@0\n");
            w.append(sb);
        }
    }

    /** The conversions file of {@code rows}, line by line in the order {@link #rows} writes them. */
    static void conversions(Writer w, LoggedSlates rows) throws IOException {
        w.write(String.join("@", Rl4rsLogReader.CONVERSION_COLUMNS));
        w.write('\n');
        int k = rows.slateSize();
        StringBuilder sb = new StringBuilder(256);
        for (int r = 0; r < rows.rows(); r++) {
            sb.setLength(0);
            sb.append(rows.timestamp(r)).append('@').append(rows.user(r)).append('@');
            for (int q = 0; q < k; q++) {
                sb.append(q > 0 ? "," : "").append(rows.conversion(r, q) > 0 ? 1 : 0);
            }
            sb.append('@');
            for (int q = 0; q < k; q++) {
                sb.append(q > 0 ? "," : "").append(rows.cost(r, q));
            }
            sb.append('\n');
            w.append(sb);
        }
    }

    /** The raw value that {@code log(1+x)} maps back to {@code p}. */
    private static float raw(float p) {
        return (float) Math.expm1(p);
    }
}
