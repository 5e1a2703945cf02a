package io.hsrl.local.demo;

import io.hsrl.contracts.LogFormat;
import io.hsrl.core.data.SyntheticWorld;
import io.hsrl.core.data.SyntheticWriter;
import io.hsrl.store.ObjectStores;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GroundTruthUsersTest {
    /** The tiny quickstart's world (what its generate Job writes). */
    static final SyntheticWorld.Config CONFIG = new Quickstart(null, "default", Map.of(), Quickstart.Size.tiny(),
            System.out).worldConfig();
    static GroundTruthUsers users;

    @BeforeAll
    static void world() {
        users = GroundTruthUsers.of(CONFIG);
    }

    @Test
    void theWorldIsTheOneGenerateWritesForTheSize() {
        Quickstart.Size tiny = Quickstart.Size.tiny();
        assertThat(CONFIG).isEqualTo(SyntheticWorld.Config.generated(tiny.items(), tiny.users(), tiny.rowsPerUser(),
                Quickstart.DATASET_SEED));
        assertThat(users.world().items().size()).isEqualTo(tiny.items());
    }

    /** The CUPED covariate is the user's logged slates and converted items, train and test rows alike. */
    @Test
    void theCovariateCountsTheUsersLoggedSlatesAndConversions() {
        var log = SyntheticWorld.create(CONFIG).log(LogFormat.RL4RS);
        long[] exposures = new long[CONFIG.users()];
        long[] conversions = new long[CONFIG.users()];
        for (var rows : java.util.Arrays.asList(log.train(), log.test())) {
            if (rows == null) {
                continue;
            }
            for (int r = 0; r < rows.rows(); r++) {
                int u = Math.toIntExact(rows.user(r));
                exposures[u]++;
                for (int q = 0; q < rows.slateSize(); q++) {
                    conversions[u] += rows.conversion(r, q) > 0 ? 1 : 0;
                }
            }
        }
        long total = 0;
        for (int u = 0; u < CONFIG.users(); u++) {
            assertThat(users.covariate(u).exposures()).as("user " + u).isEqualTo(CONFIG.rowsPerUser())
                    .isEqualTo(exposures[u]);
            assertThat(users.covariate(u).conversions()).as("user " + u).isEqualTo(conversions[u]);
            total += conversions[u];
        }
        assertThat(total).as("the log has conversions").isPositive();
    }

    /** Sessions start from the history the written rl4rs files log for the user, in the files' item ids. */
    @Test
    void sessionsStartFromTheLoggedHistoryInCatalogueIds(@TempDir Path dir) throws Exception {
        SyntheticWorld world = SyntheticWorld.create(CONFIG);
        try (ObjectStores store = ObjectStores.from(Map.of())) {
            new SyntheticWriter(world, world.log(LogFormat.RL4RS)).write(store, dir.toString(), LogFormat.RL4RS);
        }
        Map<Long, List<Long>> fromFiles = new HashMap<>();
        for (String file : List.of("rl4rs_b_train.csv", "rl4rs_b_test.csv")) {
            List<String> lines = Files.readAllLines(dir.resolve(file));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split("@");
                long user = Long.parseLong(f[1]);
                List<Long> h = new ArrayList<>();
                if (!f[5].equals("0")) {
                    Arrays.stream(f[5].split(",")).map(Long::parseLong).forEach(h::add);
                }
                String[] slate = f[3].split(",");
                String[] clicks = f[4].split(",");
                for (int q = 0; q < slate.length; q++) {
                    if (clicks[q].equals("1")) {
                        h.add(Long.parseLong(slate[q]));
                    }
                }
                fromFiles.put(user, h); // rows are in session order: the last one wins
            }
        }
        assertThat(fromFiles).hasSize(CONFIG.users());
        int nonEmpty = 0;
        for (int u = 0; u < CONFIG.users(); u++) {
            List<Long> h = fromFiles.get((long) u);
            List<Long> expected = h.subList(Math.max(0, h.size() - CONFIG.historyLength()), h.size());
            long[] ids = users.session(u).historyIds();
            assertThat(Arrays.stream(ids).boxed().toList()).as("user " + u).isEqualTo(expected);
            nonEmpty += ids.length > 0 ? 1 : 0;
        }
        assertThat(nonEmpty).as("users with a logged click").isGreaterThan(CONFIG.users() / 2);
    }

    @Test
    void heldOutUsersComeFirstAndUsersAreReusedBeyondTheWorld() {
        int n = CONFIG.users() + 7;
        int[] picked = users.pick(n);
        assertThat(users.testUserCount()).isPositive();
        for (int j = 0; j < users.testUserCount(); j++) {
            assertThat(users.world().isTestUser(picked[j])).as("pick " + j).isTrue();
        }
        assertThat(IntStream.of(picked).limit(CONFIG.users()).distinct().count()).isEqualTo(CONFIG.users());
        assertThat(Arrays.copyOfRange(picked, CONFIG.users(), n)).containsExactly(Arrays.copyOf(picked, 7));
    }

    /** A slate of the user's likeliest items draws more clicks than one of their least likely: the arms can differ. */
    @Test
    void clicksFollowTheGroundTruthSoWhatIsRecommendedMatters() {
        SyntheticWorld world = users.world();
        int user = users.pick(1)[0];
        int[] hist = toIndices(world, users.session(user).historyIds());
        Integer[] order = IntStream.range(0, CONFIG.items()).boxed().toArray(Integer[]::new);
        Arrays.sort(order, (a, b) -> Double.compare(world.clickProbability(user, b, hist, hist.length),
                world.clickProbability(user, a, hist, hist.length)));
        long[] best = new long[9];
        long[] worst = new long[9];
        double expectedBest = 0;
        for (int q = 0; q < 9; q++) {
            best[q] = world.items().id(order[q]);
            worst[q] = world.items().id(order[CONFIG.items() - 1 - q]);
            expectedBest += world.clickProbability(user, order[q], hist, hist.length);
        }
        Random rnd = new Random(3);
        int sessions = 300;
        int bestClicks = 0;
        int worstClicks = 0;
        double cost = 0;
        for (int s = 0; s < sessions; s++) {
            for (GroundTruthUsers.ItemResponse r : users.session(user).respond(best, rnd)) {
                bestClicks += r.clicked() ? 1 : 0;
                cost += r.cost();
                assertThat(!r.converted() || r.clicked()).as("a conversion needs a click").isTrue();
                assertThat(r.cost() > 0).as("a cost per click, none without").isEqualTo(r.clicked());
            }
            for (GroundTruthUsers.ItemResponse r : users.session(user).respond(worst, rnd)) {
                worstClicks += r.clicked() ? 1 : 0;
            }
        }
        // the empirical click count matches the ground truth's expectation (4 standard deviations at most)
        double mean = expectedBest * sessions;
        assertThat((double) bestClicks).isCloseTo(mean, org.assertj.core.data.Offset.offset(4 * Math.sqrt(mean)));
        assertThat(bestClicks).isGreaterThan(2 * worstClicks);
        assertThat(cost).isPositive();
    }

    @Test
    void clickedItemsJoinTheHistoryAndDrawsAreReproducible() {
        int user = users.pick(2)[1];
        long[] slate = IntStream.rangeClosed(1, 9).mapToLong(i -> i * 7L).toArray();
        GroundTruthUsers.Session a = users.session(user);
        GroundTruthUsers.Session b = users.session(user);
        long[] before = a.historyIds();
        List<Long> clicked = new ArrayList<>();
        for (int step = 0; step < 5; step++) {
            List<GroundTruthUsers.ItemResponse> ra = a.respond(slate, new Random(step));
            assertThat(b.respond(slate, new Random(step))).isEqualTo(ra);
            ra.stream().filter(GroundTruthUsers.ItemResponse::clicked).forEach(r -> clicked.add(r.item()));
        }
        assertThat(clicked).isNotEmpty();
        List<Long> expected = new ArrayList<>(Arrays.stream(before).boxed().toList());
        expected.addAll(clicked);
        assertThat(Arrays.stream(a.historyIds()).boxed().toList()).isEqualTo(
                expected.subList(Math.max(0, expected.size() - CONFIG.historyLength()), expected.size()));
    }

    @Test
    void anItemOutsideTheGeneratedCatalogueIsNamed() {
        assertThatThrownBy(() -> users.session(0).respond(new long[] {3, CONFIG.items() + 5L}, new Random(1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("item " + (CONFIG.items() + 5))
                .hasMessageContaining("catalogue of " + CONFIG.items() + " items");
    }

    private static int[] toIndices(SyntheticWorld world, long[] ids) {
        return Arrays.stream(ids).mapToInt(world.items()::indexOf).toArray();
    }
}
