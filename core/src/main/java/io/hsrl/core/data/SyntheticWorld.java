package io.hsrl.core.data;

import io.hsrl.contracts.LogFormat;
import io.hsrl.core.catalog.ItemTable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A synthetic recommendation world with known ground truth, deterministic per seed: clustered latent item factors,
 * latent user factors, observable item features and user profiles that are noisy functions of them, log-normal
 * prices per cluster, a click model and a conversion model. {@link #log()} plays a logging (behaviour) policy against
 * it and returns the logged slates that every format writer serialises.
 *
 * <p>Click model: {@code P(click | u, i, history) = σ(a·⟨u + 0.5·mean(v_hist), v_i⟩/√r + b_i + c)}, with {@code b_i} an
 * item popularity bias. Conversion, given a click: {@code σ(−1.5 + 0.4·⟨u, v_i⟩/√r − 0.6·z(log price_i))}; each click
 * costs {@code costPerClick · price_i}. Profiles: 10 categorical-looking ids (noise) then {@code 3·softplus(W u)}
 * (non-negative, so that the RL4RS {@code log(1+x)} transform applies).
 */
public final class SyntheticWorld {
    /** Sizes and knobs; {@link #of(int, int, long)} gives the RL4RS-like shape (d=40, P=42, K=9, H=50). */
    public record Config(int items, int users, int rowsPerUser, int latentDimension, int clusters, int itemDimension,
                         int profileDimension, int slateSize, int historyLength, double testFraction,
                         double clickScale, double costPerClick, long seed, Structure structure) {
        public Config(int items, int users, int rowsPerUser, int latentDimension, int clusters, int itemDimension,
                      int profileDimension, int slateSize, int historyLength, double testFraction,
                      double clickScale, double costPerClick, long seed) {
            this(items, users, rowsPerUser, latentDimension, clusters, itemDimension, profileDimension, slateSize,
                    historyLength, testFraction, clickScale, costPerClick, seed, null);
        }

        public Config {
            if (structure != null && (structure.initialItems() < slateSize || structure.initialItems() > items)) {
                throw new IllegalArgumentException("initial items must be in [slate size, items=" + items + "], was "
                        + structure.initialItems());
            }
            if (items < 2 || users < 1 || rowsPerUser < 1) {
                throw new IllegalArgumentException("synthetic world needs at least 2 items, 1 user and 1 row per user "
                        + "(items=" + items + ", users=" + users + ", rowsPerUser=" + rowsPerUser + ")");
            }
            if (slateSize < 1 || slateSize > items) {
                throw new IllegalArgumentException("slate size must be in [1, items=" + items + "], was " + slateSize);
            }
            if (profileDimension <= CATEGORICAL_PROFILE_FIELDS) {
                throw new IllegalArgumentException("profile dimension must exceed " + CATEGORICAL_PROFILE_FIELDS);
            }
            if (testFraction < 0 || testFraction >= 1) {
                throw new IllegalArgumentException("test fraction must be in [0, 1), was " + testFraction);
            }
        }

        public static Config of(int items, int users, long seed) {
            return new Config(items, users, 8, 8, Math.max(2, Math.min(16, items / 20)), 40, 42, 9, 50, 0.2, 1.6, 0.05,
                    seed);
        }

        /**
         * The world {@code trainer generate --items --users --rows-per-user --seed} writes, in every format: the one
         * place that maps those options to a config, so that a client rebuilding the world in-process (the quickstart
         * demo's simulated users) answers with the very ground truth the written files were logged from.
         */
        public static Config generated(int items, int users, int rowsPerUser, long seed) {
            return of(items, users, seed).withRowsPerUser(rowsPerUser);
        }

        public Config withRowsPerUser(int rows) {
            return new Config(items, users, rows, latentDimension, clusters, itemDimension, profileDimension, slateSize,
                    historyLength, testFraction, clickScale, costPerClick, seed, structure);
        }

        public Config withHistoryLength(int h) {
            return new Config(items, users, rowsPerUser, latentDimension, clusters, itemDimension, profileDimension,
                    slateSize, h, testFraction, clickScale, costPerClick, seed, structure);
        }

        /**
         * A large-catalogue world of {@code items} items of which the first {@code initialItems} are on sale
         * when the log is written (the rest arrive later, catalogue churn): two-level clustered item factors
         * (√items clusters, in 16 groups), Zipf popularity (exponent 1), user interests that drift within a session.
         */
        public static Config scaled(int items, int initialItems, int users, long seed) {
            int clusters = Math.max(2, Math.min(4096, (int) Math.round(Math.sqrt(initialItems))));
            return new Config(items, users, 4, 8, clusters, 40, 42, 9, 50, 0.0, 1.6, 0.05, seed,
                    new Structure(initialItems, Math.min(16, clusters), 1.0, 1.5, 0.08));
        }
    }

    /**
     * What makes a large catalogue hard.
     *
     * @param initialItems items that exist when the log is written; items {@code [initialItems, items)} arrive later
     * @param groups       top-level groups of clusters (cluster centres scatter around their group's centre)
     * @param zipf         popularity exponent: item bias {@code b = s·(1 − 2·log(rank)/log(n))}, rank ~ Zipf
     * @param popularity   {@code s}, the bias spread between the head and the tail
     * @param drift        radians per session step by which a user's interest turns towards a second direction
     */
    public record Structure(int initialItems, int groups, double zipf, double popularity, double drift) {
        public Structure {
            if (groups < 1 || zipf < 0 || popularity < 0 || drift < 0) {
                throw new IllegalArgumentException("structure needs groups >= 1 and non-negative zipf, popularity, drift");
            }
        }
    }

    static final int CATEGORICAL_PROFILE_FIELDS = 10;
    /** Epoch second of the first logged slate. */
    static final long START_TIME = 1_600_000_000L;

    private final Config config;
    private float[] itemLatent;
    private float[] itemBias;
    private int[] itemCluster;
    private double[] prices;
    private double meanLogPrice;
    private double sdLogPrice;
    private float[] userLatent;
    /** Drift direction per user ({@link Structure#drift()}), null in the small world. */
    private float[] userDrift;
    private float[] rawProfiles;
    private ItemTable items;
    private boolean[] testUser;
    private float[] clusterCenters;

    private SyntheticWorld(Config c) {
        this.config = c;
        if (c.structure() != null) {
            new LargeCatalogue(this, c).build();
            return;
        }
        SplittableRandom rng = new SplittableRandom(c.seed());
        int r = c.latentDimension();
        int n = c.items();
        float[] centers = gaussian(rng, c.clusters() * r, 1.0);
        double[] clusterPrice = new double[c.clusters()];
        for (int k = 0; k < c.clusters(); k++) {
            clusterPrice[k] = 3.0 + 0.8 * rng.nextGaussian();
        }
        itemLatent = new float[n * r];
        itemBias = new float[n];
        itemCluster = new int[n];
        prices = new double[n];
        for (int i = 0; i < n; i++) {
            int k = rng.nextInt(c.clusters());
            itemCluster[i] = k;
            for (int j = 0; j < r; j++) {
                itemLatent[i * r + j] = (float) (centers[k * r + j] + 0.35 * rng.nextGaussian());
            }
            itemBias[i] = (float) (0.5 * rng.nextGaussian());
            prices[i] = Math.round(Math.exp(clusterPrice[k] + 0.3 * rng.nextGaussian()) * 100) / 100.0;
        }
        double s = 0;
        double ss = 0;
        for (double p : prices) {
            s += Math.log(p);
            ss += Math.log(p) * Math.log(p);
        }
        meanLogPrice = s / n;
        sdLogPrice = Math.sqrt(Math.max(1e-12, ss / n - meanLogPrice * meanLogPrice));

        // Observable item features: a random linear view of the latent factors plus noise, standardised per column
        // (RL4RS item_vec is standardised, §1.1). Files round-trip exactly: Float.toString reads back as the same float.
        int d = c.itemDimension();
        float[] a = gaussian(rng, d * r, 1.0 / Math.sqrt(r));
        float[] x = new float[n * d];
        for (int i = 0; i < n; i++) {
            for (int q = 0; q < d; q++) {
                double v = 0.15 * rng.nextGaussian();
                for (int j = 0; j < r; j++) {
                    v += a[q * r + j] * itemLatent[i * r + j];
                }
                x[i * d + q] = (float) v;
            }
        }
        MatrixFactorization.standardise(x, n, d);
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i + 1L;
        }
        items = new ItemTable(ids, x, d, prices.clone(), "synthetic(seed=" + c.seed() + ")");

        int m = c.users();
        userLatent = gaussian(rng, m * r, 1.0);
        Profiles profiles = profiles(rng, userLatent, m, r, c.profileDimension(), c.testFraction());
        rawProfiles = profiles.raw();
        testUser = profiles.test();
    }

    /** The users' raw profiles ({@code m × p}) and which users are held out for testing. */
    record Profiles(float[] raw, boolean[] test) {
    }

    /**
     * Raw profiles: {@link #CATEGORICAL_PROFILE_FIELDS} categorical fields, then softplus projections of each user's
     * latent vector (rounded through their text form, as a written file reads back); a user is a test user with
     * probability {@code testFraction}.
     */
    static Profiles profiles(SplittableRandom rng, float[] userLatent, int m, int r, int p, double testFraction) {
        float[] w = gaussian(rng, (p - CATEGORICAL_PROFILE_FIELDS) * r, 1.0 / Math.sqrt(r));
        float[] raw = new float[m * p];
        boolean[] test = new boolean[m];
        for (int u = 0; u < m; u++) {
            for (int q = 0; q < CATEGORICAL_PROFILE_FIELDS; q++) {
                raw[u * p + q] = rng.nextInt(1000);
            }
            for (int q = CATEGORICAL_PROFILE_FIELDS; q < p; q++) {
                double z = 0;
                for (int j = 0; j < r; j++) {
                    z += w[(q - CATEGORICAL_PROFILE_FIELDS) * r + j] * userLatent[u * r + j];
                }
                double softplus = z > 20 ? z : Math.log1p(Math.exp(z));
                raw[u * p + q] = Float.parseFloat(Float.toString((float) (3 * softplus)));
            }
            test[u] = rng.nextDouble() < testFraction;
        }
        return new Profiles(raw, test);
    }

    /** Package access for {@link LargeCatalogue}, which fills the world in batches. */
    void assign(float[] itemLatent, float[] itemBias, int[] itemCluster, double[] prices, float[] userLatent,
                float[] userDrift, float[] rawProfiles, ItemTable items, boolean[] testUser, float[] clusterCenters) {
        this.itemLatent = itemLatent;
        this.itemBias = itemBias;
        this.itemCluster = itemCluster;
        this.prices = prices;
        this.userLatent = userLatent;
        this.userDrift = userDrift;
        this.rawProfiles = rawProfiles;
        this.items = items;
        this.testUser = testUser;
        this.clusterCenters = clusterCenters;
        double s = 0;
        double ss = 0;
        for (double p : prices) {
            s += Math.log(p);
            ss += Math.log(p) * Math.log(p);
        }
        meanLogPrice = s / prices.length;
        sdLogPrice = Math.sqrt(Math.max(1e-12, ss / prices.length - meanLogPrice * meanLogPrice));
    }

    public static SyntheticWorld create(Config config) {
        return new SyntheticWorld(config);
    }

    public Config config() {
        return config;
    }

    /** The catalogue: ids 1..N, standardised features, prices. */
    public ItemTable items() {
        return items;
    }

    public ItemFeatures features() {
        return ItemFeatures.of(items);
    }

    /** Items on sale when the log was written: all of them, or {@link Structure#initialItems()}. */
    public int initialItems() {
        return config.structure() == null ? config.items() : config.structure().initialItems();
    }

    /** The catalogue of the initial items only (what an index is built on before churn). */
    public ItemTable initialCatalogue() {
        int n = initialItems();
        if (n == items.size()) {
            return items;
        }
        int d = items.dimension();
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = prices[i];
        }
        return new ItemTable(Arrays.copyOf(items.ids(), n), Arrays.copyOf(items.vectors(), n * d), d, p,
                items.source() + "/initial");
    }

    /** Ground-truth popularity bias of an item (the long tail). */
    public double itemBias(int item) {
        return itemBias[item];
    }

    public int itemCluster(int item) {
        return itemCluster[item];
    }

    /** A user's raw (non-negative) profile; readers see {@code log(1+x)} of it. */
    public float[] rawProfile(int user) {
        int p = config.profileDimension();
        return Arrays.copyOfRange(rawProfiles, user * p, (user + 1) * p);
    }

    public float[] profile(int user) {
        float[] raw = rawProfile(user);
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (float) Math.log1p(raw[i]);
        }
        return raw;
    }

    public boolean isTestUser(int user) {
        return testUser[user];
    }

    /** Ground-truth click probability of {@code item} for {@code user} with the given clicked history. */
    public double clickProbability(int user, int item, int[] history, int historyCount) {
        return clickProbability(user, item, history, 0, historyCount, 0);
    }

    /**
     * Ground truth with interest drift: after {@code sessionStep} slates the user's interest is
     * {@code cos θ·u + sin θ·u'} with {@code θ = drift·step} ({@link Structure#drift()}; none in the small world);
     * history entries {@code < 0} are padding.
     */
    public double clickProbability(int user, int item, int[] history, int from, int count, int sessionStep) {
        int r = config.latentDimension();
        double theta = config.structure() == null ? 0 : config.structure().drift() * sessionStep;
        double cos = Math.cos(theta);
        double sin = Math.sin(theta);
        double dot = 0;
        for (int j = 0; j < r; j++) {
            double hu = 0;
            int counted = 0;
            for (int h = from; h < from + count; h++) {
                if (history[h] >= 0) {
                    hu += itemLatent[history[h] * r + j];
                    counted++;
                }
            }
            double u = theta == 0 ? userLatent[user * r + j] : cos * userLatent[user * r + j] + sin * userDrift[user * r + j];
            double eff = u + (counted == 0 ? 0 : 0.5 * hu / counted);
            dot += eff * itemLatent[item * r + j];
        }
        return sigmoid(config.clickScale() * dot / Math.sqrt(r) + itemBias[item] - 0.3);
    }

    /** Ground-truth conversion probability given a click. */
    public double conversionProbability(int user, int item) {
        int r = config.latentDimension();
        double dot = 0;
        for (int j = 0; j < r; j++) {
            dot += userLatent[user * r + j] * itemLatent[item * r + j];
        }
        double z = (Math.log(prices[item]) - meanLogPrice) / sdLogPrice;
        return sigmoid(-1.5 + 0.4 * dot / Math.sqrt(r) - 0.6 * z);
    }

    public double costPerClick(int item) {
        return config.costPerClick() * prices[item];
    }

    /**
     * Plays the logging policy: each user has one session of {@code rowsPerUser} slates, each of {@code K} distinct
     * items drawn by Gumbel-top-K over {@code 0.5·⟨u, v_i⟩/√r} (a noisy, mildly personalised behaviour policy); clicks
     * and conversions are drawn from the ground truth and clicked items are appended to the history. Users flagged
     * as test users go to {@code test} (null when the test fraction is 0).
     */
    public LogDataset log(LogFormat format) {
        if (config.structure() != null) {
            return new LargeCatalogue(this, config).log(format, itemBias, itemCluster, userLatent, clusterCenters);
        }
        SplittableRandom rng = new SplittableRandom(config.seed() * 31 + 7);
        int k = config.slateSize();
        int r = config.latentDimension();
        Log log = startLog(rng);
        double[] keys = new double[config.items()];
        for (int u = 0; u < config.users(); u++) {
            float[] profile = profile(u);
            List<Integer> history = new ArrayList<>();
            for (int step = 0; step < config.rowsPerUser(); step++) {
                for (int i = 0; i < keys.length; i++) {
                    double dot = 0;
                    for (int j = 0; j < r; j++) {
                        dot += userLatent[u * r + j] * itemLatent[i * r + j];
                    }
                    keys[i] = 0.5 * dot / Math.sqrt(r) - Math.log(-Math.log(rng.nextDouble() + 1e-300));
                }
                log.add(u, step, topK(keys, k), profile, history);
            }
        }
        return log.dataset(format);
    }

    /** A {@link Log} whose responses {@code rng} draws (the logging policy's). */
    Log startLog(SplittableRandom rng) {
        return new Log(rng);
    }

    /**
     * The rows of one play of a logging policy: {@link #add} draws a user's clicks and conversions on a slate from the
     * ground truth, records the row (a test user's in the test split) and appends the clicked items to the user's
     * history.
     */
    final class Log {
        private final SplittableRandom rng;
        private final LoggedSlates.Builder train;
        private final LoggedSlates.Builder test;

        private Log(SplittableRandom rng) {
            this.rng = rng;
            ItemFeatures features = features();
            int k = config.slateSize();
            int hLen = config.historyLength();
            train = LoggedSlates.builder(features, k, hLen, config.profileDimension(), items.source() + "/train");
            test = LoggedSlates.builder(features, k, hLen, config.profileDimension(), items.source() + "/test");
        }

        /** Row {@code step} of user {@code u}'s session (the interest drift's step); {@code history} is the session's. */
        void add(int u, int step, int[] slate, float[] profile, List<Integer> history) {
            int k = slate.length;
            int[] hist = tail(history, config.historyLength());
            float[] clicks = new float[k];
            float[] conv = new float[k];
            float[] cost = new float[k];
            for (int q = 0; q < k; q++) {
                double p = clickProbability(u, slate[q], hist, 0, hist.length, step);
                if (rng.nextDouble() < p) {
                    clicks[q] = 1;
                    cost[q] = (float) costPerClick(slate[q]);
                    conv[q] = rng.nextDouble() < conversionProbability(u, slate[q]) ? 1 : 0;
                }
            }
            long ts = START_TIME + u * 1000L + step * 10L;
            (testUser[u] ? test : train).add(u, ts, slate, clicks, conv, cost, hist, profile);
            for (int q = 0; q < k; q++) {
                if (clicks[q] == 1) {
                    history.add(slate[q]);
                }
            }
        }

        LogDataset dataset(LogFormat format) {
            if (train.rows() == 0) {
                throw new IllegalArgumentException("synthetic world: every user fell into the test split; add users");
            }
            return new LogDataset(format, train.build(), test.rows() == 0 ? null : test.build());
        }
    }

    private static int[] topK(double[] keys, int k) {
        // partial selection: K passes are cheaper than a sort for K << N
        int[] out = new int[k];
        boolean[] taken = new boolean[keys.length];
        for (int q = 0; q < k; q++) {
            int best = -1;
            for (int i = 0; i < keys.length; i++) {
                if (!taken[i] && (best < 0 || keys[i] > keys[best])) {
                    best = i;
                }
            }
            taken[best] = true;
            out[q] = best;
        }
        return out;
    }

    static int[] tail(List<Integer> history, int h) {
        int n = Math.min(history.size(), h);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = history.get(history.size() - n + i);
        }
        return out;
    }

    static float[] gaussian(SplittableRandom rng, int n, double sd) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (sd * rng.nextGaussian());
        }
        return out;
    }

    static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }
}
