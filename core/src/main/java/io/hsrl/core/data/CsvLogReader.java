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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Generic CSV log: {@code log.csv} with the header {@code user_id,item_id,timestamp,click,conversion,cost}, one row per
 * exposure, slates assembled per user by {@link SlateAssembler} (time order, chunks of K). Beside it, optionally:
 * <ul>
 *   <li>{@code items.csv} ({@code item_id,f1..fd}, {@link ItemTableReader#readCsv}); without it item vectors are learned
 *       by {@link MatrixFactorization} on the click matrix;</li>
 *   <li>{@code users.csv} ({@code user_id,p1..pP}); without it the profile is
 *       {@code [log(1 + earlier slates), earlier click rate]}.</li>
 * </ul>
 * Item prices (used by the simulator's conversion model) are the item's mean logged cost per click divided by
 * {@link #COST_PER_CLICK_RATE}, so that simulated costs match logged ones; items never clicked get the median.
 */
public final class CsvLogReader {
    public static final String LOG_FILE = "log.csv";
    public static final String ITEMS_FILE = "items.csv";
    public static final String USERS_FILE = "users.csv";
    public static final String[] COLUMNS = {"user_id", "item_id", "timestamp", "click", "conversion", "cost"};
    /** Cost per click as a fraction of the price (the synthetic generator's and the conversion model's default). */
    public static final double COST_PER_CLICK_RATE = 0.05;

    private final int slateSize;
    private final int historyLength;
    private final long seed;

    public CsvLogReader(int slateSize, int historyLength, long seed) {
        this.slateSize = slateSize;
        this.historyLength = historyLength;
        this.seed = seed;
    }

    /** {@code uri} is the folder holding log.csv or the log file itself (items.csv and users.csv beside it). */
    public LogDataset read(ObjectStore store, String uri) throws IOException {
        String logUri = uri.endsWith(".csv") ? uri : DataPaths.folder(uri) + LOG_FILE;
        String dir = DataPaths.parent(logUri);
        ItemTable items = store.exists(dir + ITEMS_FILE)
                ? ItemTableReader.read(store, dir + ITEMS_FILE, io.hsrl.contracts.ItemVectorFormat.CSV) : null;
        Map<Long, float[]> users = store.exists(dir + USERS_FILE) ? readUsers(store, dir + USERS_FILE) : null;
        try (InputStream in = store.open(logUri)) {
            return new LogDataset(LogFormat.CSV, read(in, logUri, items, users), null);
        }
    }

    /** @param items null to learn item vectors; @param users null for summary-statistic profiles */
    public LoggedSlates read(InputStream in, String source, ItemTable items, Map<Long, float[]> users) throws IOException {
        List<long[]> raw = new ArrayList<>();
        List<float[]> vals = new ArrayList<>();
        ItemTable known = items;
        new DelimitedLog(',', COLUMNS, DelimitedLog.Header.EXACT).read(in, source, (c, f) -> {
            long user = f.parseLong(c[0], "user_id");
            long item = f.parseLong(c[1], "item_id");
            long ts = f.parseLong(c[2], "timestamp");
            float click = f.parseBinary(c[3], "click");
            float conv = f.parseBinary(c[4], "conversion");
            float cost = f.parseFloat(c[5], "cost");
            if (cost < 0) {
                throw f.error("cost must be non-negative, was " + cost);
            }
            if (conv == 1 && click == 0) {
                throw f.error("conversion 1 without a click");
            }
            if (known != null && known.indexOf(item) < 0) {
                throw f.error("item_id " + item + " is not in " + known.source());
            }
            if (users != null && !users.containsKey(user)) {
                throw f.error("user_id " + user + " is not in the users file");
            }
            raw.add(new long[]{user, item, ts, f.line()});
            vals.add(new float[]{click, conv, cost});
        });
        if (raw.isEmpty()) {
            throw new LogFormatException(source, "no data rows");
        }
        if (items == null) {
            items = learnItems(raw, vals, source);
        }
        items = withPrices(items, raw, vals);
        SlateAssembler assembler = new SlateAssembler();
        for (int e = 0; e < raw.size(); e++) {
            long[] x = raw.get(e);
            float[] v = vals.get(e);
            assembler.add(x[0], items.indexOf(x[1]), x[2], v[0], v[1], v[2]);
        }
        ItemFeatures features = ItemFeatures.of(items);
        if (users != null) {
            int p = users.values().iterator().next().length;
            return assembler.build(features, slateSize, historyLength, p, true, (u, s, h, n) -> users.get(u), source);
        }
        return assembler.build(features, slateSize, historyLength, 2, true, (u, s, h, n) ->
                new float[]{(float) Math.log1p(s), s == 0 ? 0f : (float) Math.min(1.0, n / (double) (s * slateSize))}, source);
    }

    private ItemTable learnItems(List<long[]> raw, List<float[]> vals, String source) {
        Map<Long, Integer> itemIndex = new HashMap<>();
        Map<Long, Integer> userIndex = new HashMap<>();
        List<Long> ids = new ArrayList<>();
        int n = raw.size();
        int[] u = new int[n];
        int[] it = new int[n];
        float[] v = new float[n];
        for (int e = 0; e < n; e++) {
            long[] x = raw.get(e);
            u[e] = userIndex.computeIfAbsent(x[0], k -> userIndex.size());
            it[e] = itemIndex.computeIfAbsent(x[1], k -> {
                ids.add(k);
                return ids.size() - 1;
            });
            v[e] = vals.get(e)[0];
        }
        MatrixFactorization mf = MatrixFactorization.fit(userIndex.size(), ids.size(), u, it, v,
                MatrixFactorization.Config.defaults(seed));
        float[] f = mf.itemFactors();
        MatrixFactorization.standardise(f, ids.size(), mf.dimension());
        return new ItemTable(ids.stream().mapToLong(Long::longValue).toArray(), f, mf.dimension(), null,
                source + " (item vectors learned by matrix factorisation)");
    }

    private static ItemTable withPrices(ItemTable items, List<long[]> raw, List<float[]> vals) {
        double[] cost = new double[items.size()];
        int[] clicks = new int[items.size()];
        for (int e = 0; e < raw.size(); e++) {
            if (vals.get(e)[0] == 1) {
                int i = items.indexOf(raw.get(e)[1]);
                cost[i] += vals.get(e)[2];
                clicks[i]++;
            }
        }
        double[] prices = new double[items.size()];
        List<Double> known = new ArrayList<>();
        for (int i = 0; i < prices.length; i++) {
            if (clicks[i] > 0) {
                prices[i] = cost[i] / clicks[i] / COST_PER_CLICK_RATE;
                known.add(prices[i]);
            }
        }
        known.sort(Double::compare);
        double median = known.isEmpty() ? 0 : known.get(known.size() / 2);
        for (int i = 0; i < prices.length; i++) {
            if (clicks[i] == 0) {
                prices[i] = median;
            }
        }
        return new ItemTable(items.ids(), items.vectors(), items.dimension(), prices, items.source());
    }

    /** {@code user_id,p1..pP} with an optional header line. */
    static Map<Long, float[]> readUsers(ObjectStore store, String uri) throws IOException {
        Map<Long, float[]> out = new HashMap<>();
        try (InputStream in = store.open(uri);
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int lineNo = 0;
            int dim = -1;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] c = Fields.split(line.trim(), ',');
                if (lineNo == 1 && c[0].trim().equals("user_id")) {
                    continue;
                }
                Fields f = new Fields(uri, lineNo);
                if (c.length < 2) {
                    throw f.error("expected user_id followed by at least one profile value");
                }
                if (dim < 0) {
                    dim = c.length - 1;
                } else if (c.length - 1 != dim) {
                    throw f.error("ragged row: " + (c.length - 1) + " profile values, earlier rows have " + dim);
                }
                long id = f.parseLong(c[0], "user_id");
                float[] p = new float[dim];
                for (int j = 0; j < dim; j++) {
                    p[j] = f.parseFloat(c[j + 1], "profile[" + j + "]");
                }
                if (out.put(id, p) != null) {
                    throw f.error("duplicate user_id " + id);
                }
            }
        }
        if (out.isEmpty()) {
            throw new LogFormatException(uri, "no users");
        }
        return out;
    }
}
