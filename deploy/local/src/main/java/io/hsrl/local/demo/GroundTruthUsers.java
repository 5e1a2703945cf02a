package io.hsrl.local.demo;

import io.hsrl.core.data.ItemFeatures;
import io.hsrl.core.data.LogDataset;
import io.hsrl.contracts.LogFormat;
import io.hsrl.core.data.LoggedSlates;
import io.hsrl.core.data.SyntheticWorld;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The users of the synthetic world that {@code trainer generate} wrote, rebuilt in-process from the same config
 * ({@link SyntheticWorld.Config#generated}; the world is deterministic from it and plain Java), answering slates with
 * the world's own click, conversion and cost model, as {@code core.simulator.GroundTruthResponse} does for training.
 * A user starts from the history the log holds for them (the clicked items of their logged session, the last
 * {@code historyLength}); items travel by their catalogue ids ({@code item_info.csv}'s {@code item_id}), which is what
 * the servings' {@code history} field and slates carry.
 */
final class GroundTruthUsers {
    private final SyntheticWorld world;
    private final List<List<Integer>> loggedHistory;
    /** Per user: logged slates and conversions (converted items) before the experiment. */
    private final long[] loggedExposures;
    private final long[] loggedConversions;
    private final List<Integer> testUsers = new ArrayList<>();
    private final List<Integer> otherUsers = new ArrayList<>();

    GroundTruthUsers(SyntheticWorld world) {
        this.world = world;
        int users = world.config().users();
        this.loggedHistory = new ArrayList<>(users);
        this.loggedExposures = new long[users];
        this.loggedConversions = new long[users];
        for (int u = 0; u < users; u++) {
            loggedHistory.add(new ArrayList<>());
            (world.isTestUser(u) ? testUsers : otherUsers).add(u);
        }
        // The log is replayed (deterministic per seed) rather than read back: it is the same rows the files hold.
        LogDataset log = world.log(LogFormat.RL4RS);
        collect(log.train());
        if (log.test() != null) {
            collect(log.test());
        }
    }

    static GroundTruthUsers of(SyntheticWorld.Config config) {
        return new GroundTruthUsers(SyntheticWorld.create(config));
    }

    /** A user's history after their logged session: the last row's history and that row's clicks (rows in order). */
    private void collect(LoggedSlates rows) {
        for (int r = 0; r < rows.rows(); r++) {
            int user = Math.toIntExact(rows.user(r));
            loggedExposures[user]++;
            List<Integer> h = loggedHistory.get(user);
            h.clear();
            for (int p = 0; p < rows.historyLength(); p++) {
                if (rows.historyItem(r, p) != ItemFeatures.PADDING) {
                    h.add(rows.historyItem(r, p));
                }
            }
            for (int q = 0; q < rows.slateSize(); q++) {
                if (rows.feedback(r, q) > 0) {
                    h.add(rows.item(r, q));
                }
                if (rows.conversion(r, q) > 0) {
                    loggedConversions[user]++;
                }
            }
        }
    }

    SyntheticWorld world() {
        return world;
    }

    int testUserCount() {
        return testUsers.size();
    }

    /**
     * The world users behind {@code n} simulated users: the test users first (held out of the training log), then the
     * others; when {@code n} exceeds the world's users they are used again (a simulated user is its own A/B unit).
     */
    int[] pick(int n) {
        List<Integer> order = new ArrayList<>(testUsers);
        order.addAll(otherUsers);
        int[] out = new int[n];
        for (int j = 0; j < n; j++) {
            out[j] = order.get(j % order.size());
        }
        return out;
    }

    /** A user's history before the experiment: their logged slates and conversions (the CUPED covariate). */
    record Covariate(long exposures, long conversions) {
    }

    Covariate covariate(int user) {
        return new Covariate(loggedExposures[user], loggedConversions[user]);
    }

    /** A new session of world user {@code user}, starting from their logged history. */
    Session session(int user) {
        return new Session(user, new ArrayList<>(loggedHistory.get(user)));
    }

    /** What a user did with one shown item. */
    record ItemResponse(long item, boolean clicked, boolean converted, double cost) {
    }

    /** One user's session: their history grows with what they click. */
    final class Session {
        private final int user;
        private final List<Integer> history;

        private Session(int user, List<Integer> history) {
            this.user = user;
            this.history = history;
        }

        int user() {
            return user;
        }

        /** The last {@code historyLength} clicked items, oldest first, as catalogue ids. */
        long[] historyIds() {
            int[] tail = tail();
            long[] ids = new long[tail.length];
            for (int i = 0; i < tail.length; i++) {
                ids[i] = world.items().id(tail[i]);
            }
            return ids;
        }

        private int[] tail() {
            int n = Math.min(history.size(), world.config().historyLength());
            int[] out = new int[n];
            for (int i = 0; i < n; i++) {
                out[i] = history.get(history.size() - n + i);
            }
            return out;
        }

        /**
         * The user's response to a slate of catalogue ids, drawn from the ground truth as the world's log draws it:
         * every item's click against the history before the slate, a conversion given a click, a cost per click;
         * then the clicked items join the history.
         *
         * @throws IllegalStateException for an id the world's catalogue does not hold (the serving's catalogue is
         *                               not the generated one)
         */
        List<ItemResponse> respond(long[] slate, Random rnd) {
            int[] hist = tail();
            List<ItemResponse> out = new ArrayList<>(slate.length);
            List<Integer> clicked = new ArrayList<>();
            for (long id : slate) {
                int item = world.items().indexOf(id);
                if (item < 0) {
                    throw new IllegalStateException("item " + id + " of a served slate is not in the generated world's "
                            + "catalogue of " + world.config().items() + " items (ids 1.." + world.config().items()
                            + "): the serving was trained on another dataset");
                }
                boolean click = rnd.nextDouble() < world.clickProbability(user, item, hist, hist.length);
                boolean conversion = click && rnd.nextDouble() < world.conversionProbability(user, item);
                out.add(new ItemResponse(id, click, conversion, click ? world.costPerClick(item) : 0));
                if (click) {
                    clicked.add(item);
                }
            }
            history.addAll(clicked);
            return out;
        }
    }
}
