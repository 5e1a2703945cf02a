package io.hsrl.core.simulator;

import ai.djl.engine.Engine;
import io.hsrl.core.catalog.ItemTable;
import io.hsrl.core.data.ItemFeatures;
import io.hsrl.core.data.LoggedSlates;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The RL environment of hsrl-reference.md §3: B user sessions in lockstep. Users start from logged rows (profile and
 * history of a random training row, §1.3); each step every session is served a slate of K items, clicks are drawn
 * {@code y ~ Bernoulli(p)} from the user-response model, the reward is {@code mean_with_cost} (with the RL4RS sweet
 * point when configured), clicked items are appended to the history (the last H kept), and the user's temper drops
 * by {@code (1 − r)·K + 1}; a user whose temper falls below 1 leaves, is reported as a {@link FinishedEpisode}
 * (every one of them) and the row is refilled with the next logged row (shuffled, reshuffled when exhausted).
 * Each clicked exposure also gets an advertising response: a cost ({@link ConversionModel#cost}) and a conversion
 * drawn from the simulator's own conversion model where it has one (a {@link FittedConversionModel} fitted on the
 * logs, or a synthetic world's ground truth), else from the hand-set {@link ConversionModel}.
 *
 * <p>Randomness comes from one host RNG seeded by {@link #reset(long)} ({@code Bernoulli(p) = U < p}, §11), so runs
 * are reproducible per seed (in the reference mode the URM's dropout also draws from the engine's RNG, seeded too).
 * Not thread-safe. The URM works in its own NDManager scope per call; the environment holds no NDArrays.
 */
public final class Environment {
    private final ResponseModel urm;
    private final LoggedSlates users;
    private final EnvironmentConfig config;
    private final ItemFeatures features;
    private final int b;
    private final int k;
    private final int h;
    private final int d;
    private final int p;
    private final double[] priceZ;
    private final double[] prices;

    private SplittableRandom rng;
    private int[] order;
    private int cursor;
    private int[] history;
    private float[] historyFeatures;
    private float[] profiles;
    private double[] cumulative;
    private double[] temper;
    private int[] steps;
    private int[] episodeClicks;
    private int[] episodeConversions;
    private double[] episodeCost;
    private long totalSteps;
    private long totalEpisodes;
    private long[] sessionUser;
    private ChurningCatalogue catalogue;

    /**
     * @param urm   the simulator (its shape must match the rows: K, H, P, d)
     * @param users the logged rows users start from (the training rows)
     */
    public Environment(UserResponseModel urm, LoggedSlates users, EnvironmentConfig config) {
        this(ResponseModel.of(Objects.requireNonNull(urm, "urm")), users, config);
    }

    /**
     * @param model the simulator: a fitted URM or a synthetic world's ground truth (its shape must match the rows)
     * @param users the logged rows users start from (the training rows)
     */
    public Environment(ResponseModel model, LoggedSlates users, EnvironmentConfig config) {
        this.urm = Objects.requireNonNull(model, "model");
        this.users = Objects.requireNonNull(users, "users");
        this.config = Objects.requireNonNull(config, "config");
        UserResponseShape s = urm.shape();
        if (s.slateSize() != users.slateSize() || s.historyLength() != users.historyLength()
                || s.profileDimension() != users.profileDimension() || s.itemDimension() != users.itemDimension()) {
            throw new IllegalArgumentException("user-response model shape " + s + " does not match the logged rows " + users);
        }
        if (users.rows() == 0) {
            throw new IllegalArgumentException("no logged rows to start users from");
        }
        this.features = users.features();
        this.b = config.batchSize();
        this.k = s.slateSize();
        this.h = s.historyLength();
        this.d = s.itemDimension();
        this.p = s.profileDimension();
        ItemTable items = features.items();
        this.prices = new double[items.size()];
        for (int i = 0; i < prices.length; i++) {
            prices[i] = items.price(i);
        }
        PriceScale scale = PriceScale.of(items);
        PriceScale expected = urm.conversionPriceScale();
        if (expected != null && (Math.abs(expected.meanLogPrice() - scale.meanLogPrice()) > 1e-6
                || Math.abs(expected.sdLogPrice() - scale.sdLogPrice()) > 1e-6)) {
            throw new IllegalArgumentException("the simulator's conversion model was fitted on a catalogue of log-price "
                    + "scale " + expected + ", the logged rows' catalogue has " + scale);
        }
        this.priceZ = scale.zs(items);
    }

    public EnvironmentConfig config() {
        return config;
    }

    public ItemFeatures features() {
        return features;
    }

    public int batchSize() {
        return b;
    }

    public int slateSize() {
        return k;
    }

    public int historyLength() {
        return h;
    }

    /** Number of items; slates hold dense indices in {@code [0, items)}. */
    public int items() {
        return features.size();
    }

    /**
     * Catalogue churn: from now on only the catalogue's active items may be served (a slate holding a
     * retired or not yet arrived item is rejected), and each step advances the catalogue, which may retire and add
     * items. Environments sharing one catalogue all advance it. Item indices run over the catalogue's universe.
     */
    public void attach(ChurningCatalogue churn) {
        if (churn.universe() != features.size()) {
            throw new IllegalArgumentException("catalogue universe " + churn.universe() + " differs from the "
                    + features.size() + " items with features");
        }
        this.catalogue = churn;
    }

    /** The attached churning catalogue, or null. */
    public ChurningCatalogue catalogue() {
        return catalogue;
    }

    /** The user id of each of the B sessions (what a synthetic world's ground truth reads). */
    public long[] sessionUsers() {
        return sessionUser.clone();
    }

    public long totalSteps() {
        return totalSteps;
    }

    public long totalEpisodes() {
        return totalEpisodes;
    }

    /** Starts B fresh sessions from shuffled logged rows; all randomness from here on follows {@code seed}. */
    public Observation reset(long seed) {
        rng = new SplittableRandom(seed);
        if (urm.dropoutInSimulation()) {
            Engine.getEngine("PyTorch").setRandomSeed((int) (seed ^ (seed >>> 32)));
        }
        order = UserResponseTraining.permutation(users.rows(), rng);
        cursor = 0;
        history = new int[b * h];
        sessionUser = new long[b];
        historyFeatures = new float[b * h * d];
        profiles = new float[b * p];
        cumulative = new double[b];
        temper = new double[b];
        steps = new int[b];
        episodeClicks = new int[b];
        episodeConversions = new int[b];
        episodeCost = new double[b];
        totalSteps = 0;
        totalEpisodes = 0;
        for (int i = 0; i < b; i++) {
            startUser(i);
        }
        return observation();
    }

    /** Serves {@code slates[b][k]} (dense item indices) to the B sessions. */
    public Step step(int[][] slates) {
        if (slates == null || slates.length != b) {
            throw new IllegalArgumentException("expected " + b + " slates, got " + (slates == null ? 0 : slates.length));
        }
        int[] flat = new int[b * k];
        for (int i = 0; i < b; i++) {
            if (slates[i] == null || slates[i].length != k) {
                throw new IllegalArgumentException("slate " + i + " has " + (slates[i] == null ? 0 : slates[i].length)
                        + " items, expected " + k);
            }
            System.arraycopy(slates[i], 0, flat, i * k, k);
        }
        return step(flat);
    }

    /** Serves row-major {@code (B,K)} slates of dense item indices. */
    public Step step(int[] slates) {
        if (rng == null) {
            throw new IllegalStateException("call reset(seed) before step");
        }
        if (slates.length != b * k) {
            throw new IllegalArgumentException("expected " + (b * k) + " item indices (B=" + b + " x K=" + k + "), got "
                    + slates.length);
        }
        int n = features.size();
        for (int i = 0; i < slates.length; i++) {
            if (slates[i] < 0 || slates[i] >= n) {
                throw new IllegalArgumentException("slate " + (i / k) + " position " + (i % k) + ": item index "
                        + slates[i] + " is outside [0, " + n + ")");
            }
            if (catalogue != null && !catalogue.isActive(slates[i])) {
                throw new IllegalArgumentException("slate " + (i / k) + " position " + (i % k) + ": item " + slates[i]
                        + (catalogue.isNew(slates[i]) || slates[i] < catalogue.initial() ? " has retired" : " has not arrived yet"));
            }
        }
        float[] exposure = new float[b * k * d];
        features.gather(slates, 0, b * k, exposure, 0);
        ResponseModel.Exposure served = new ResponseModel.Exposure(b, profiles, historyFeatures, exposure, sessionUser,
                history, slates, steps);
        float[] prob = urm.clickProbabilities(served);
        float[] slateZ = new float[b * k];
        for (int i = 0; i < slateZ.length; i++) {
            slateZ[i] = (float) priceZ[slates[i]];
        }
        float[] conversionProb = urm.conversionProbabilities(served, slateZ);

        float[] responses = new float[b * k];
        float[] conversions = new float[b * k];
        float[] costs = new float[b * k];
        float[] rewards = new float[b];
        boolean[] done = new boolean[b];
        List<FinishedEpisode> finished = new ArrayList<>();
        int[] kept = new int[h + k];
        for (int i = 0; i < b; i++) {
            int clicks = 0;
            for (int q = 0; q < k; q++) {
                int at = i * k + q;
                if (rng.nextDouble() < prob[at]) {
                    responses[at] = 1;
                    clicks++;
                    int item = slates[at];
                    costs[at] = (float) config.conversions().cost(prices[item]);
                    double pConv = conversionProb != null ? conversionProb[at]
                            : config.conversions().probability(prob[at], priceZ[item]);
                    if (rng.nextDouble() < pConv) {
                        conversions[at] = 1;
                        episodeConversions[i]++;
                    }
                    episodeCost[i] += costs[at];
                }
            }
            double r = config.reward().reward(clicks, k, config.sweetPoint());
            rewards[i] = (float) r;
            episodeClicks[i] += clicks;
            // §3 step 3: old history (padding included) followed by the clicked slate items, last H kept
            if (clicks > 0) {
                System.arraycopy(history, i * h, kept, 0, h);
                int len = h;
                for (int q = 0; q < k; q++) {
                    if (responses[i * k + q] == 1) {
                        kept[len++] = slates[i * k + q];
                    }
                }
                System.arraycopy(kept, len - h, history, i * h, h);
                features.gather(history, i * h, h, historyFeatures, i * h * d);
            }
            cumulative[i] += r;
            temper[i] -= (1 - r) * k + 1;
            steps[i]++;
            if (temper[i] < 1) {
                done[i] = true;
                finished.add(new FinishedEpisode(i, cumulative[i], steps[i], episodeClicks[i], episodeConversions[i],
                        episodeCost[i]));
                totalEpisodes++;
                startUser(i);
            }
        }
        totalSteps++;
        if (catalogue != null) {
            catalogue.advance();
        }
        return new Step(rewards, done, responses, prob, conversions, costs, observation(), List.copyOf(finished));
    }

    private void startUser(int i) {
        if (cursor == order.length) {
            order = UserResponseTraining.permutation(users.rows(), rng);
            cursor = 0;
        }
        int row = order[cursor++];
        users.copyHistory(row, history, i * h);
        features.gather(history, i * h, h, historyFeatures, i * h * d);
        users.copyProfile(row, profiles, i * p);
        sessionUser[i] = users.user(row);
        cumulative[i] = 0;
        temper[i] = config.initialTemper();
        steps[i] = 0;
        episodeClicks[i] = 0;
        episodeConversions[i] = 0;
        episodeCost[i] = 0;
    }

    private Observation observation() {
        float[] cum = new float[b];
        float[] tmp = new float[b];
        for (int i = 0; i < b; i++) {
            cum[i] = (float) cumulative[i];
            tmp[i] = (float) temper[i];
        }
        return new Observation(b, h, d, p, history.clone(), historyFeatures.clone(), profiles.clone(), cum, tmp,
                steps.clone());
    }

    @Override
    public String toString() {
        return "Environment[B=" + b + ", K=" + k + ", H=" + h + ", items=" + features.size() + ", " + config.reward()
                + ", " + Arrays.toString(new long[]{totalSteps, totalEpisodes}) + "]";
    }
}
