package io.hsrl.core.simulator;

import ai.djl.Device;
import io.hsrl.core.data.ItemFeatures;
import io.hsrl.core.data.LogDataset;
import io.hsrl.contracts.LogFormat;
import io.hsrl.core.data.SyntheticWorld;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class EnvironmentTest {
    private static LogDataset data;
    private static UserResponseModel urm;

    @BeforeAll
    static void fit() {
        SyntheticWorld world = SyntheticWorld.create(SyntheticWorld.Config.of(80, 120, 21).withRowsPerUser(5));
        data = world.log(LogFormat.RL4RS);
        urm = UserResponseTraining.fit(data, null, UserResponseTraining.Args.defaults().withEpochs(1), Device.cpu(), null);
    }

    @AfterAll
    static void close() {
        urm.close();
    }

    @Test
    void rewardAndTemperDropFollowTheReferenceTable() {
        // hsrl-reference.md §3, K = 9: n clicks -> base r, RL4RS r', RL4RS temper drop, ML1M temper drop
        double[][] table = {{9, 1.000, 0.900, 1.9, 1.0}, {8, 0.878, 0.978, 1.2, 2.1}, {7, 0.756, 0.856, 2.3, 3.2},
                {0, -0.100, 0.000, 10.0, 10.9}};
        for (double[] row : table) {
            int n = (int) row[0];
            double base = RewardFunction.MEAN_WITH_COST.reward(n, 9, 0.9);
            double sweet = RewardFunction.MEAN_WITH_COST_SWEET_POINT.reward(n, 9, 0.9);
            assertThat(base).isCloseTo(row[1], within(5e-4));
            assertThat(sweet).isCloseTo(row[2], within(5e-4));
            assertThat((1 - sweet) * 9 + 1).isCloseTo(row[3], within(5e-3));
            assertThat((1 - base) * 9 + 1).isCloseTo(row[4], within(5e-3));
        }
        // RL4RS optimum: 8 clicks every step -> depth 16, total ~15.64
        double temper = 20;
        double total = 0;
        int depth = 0;
        while (temper >= 1) {
            double r = RewardFunction.MEAN_WITH_COST_SWEET_POINT.reward(8, 9, 0.9);
            total += r;
            temper -= (1 - r) * 9 + 1;
            depth++;
        }
        assertThat(depth).isEqualTo(16);
        assertThat(total).isCloseTo(15.64, within(0.01));
    }

    @Test
    void invariantsHoldOverManySteps() {
        EnvironmentConfig config = EnvironmentConfig.rl4rs().withBatchSize(8);
        Environment env = new Environment(urm, data.train(), config);
        Observation obs = env.reset(42);
        assertThat(obs.steps()).containsOnly(0);
        assertThat(obs.temper()).containsOnly(20f);
        SplittableRandom policy = new SplittableRandom(1);
        double[] runningTotal = new double[8];
        int[] runningDepth = new int[8];
        int[] runningClicks = new int[8];
        int[] runningConversions = new int[8];
        double[] runningCost = new double[8];
        int allConversions = 0;
        int finishedCount = 0;
        int doneCount = 0;
        for (int t = 0; t < 300; t++) {
            int[][] slates = randomSlates(policy, 8, env.slateSize(), env.items());
            Step step = env.step(slates);
            List<Integer> doneRows = new ArrayList<>();
            for (int b = 0; b < 8; b++) {
                int clicks = 0;
                for (int k = 0; k < 9; k++) {
                    float y = step.responses()[b * 9 + k];
                    assertThat(y).isIn(0f, 1f);
                    if (y == 0) {
                        assertThat(step.conversions()[b * 9 + k]).isZero();
                        assertThat(step.costs()[b * 9 + k]).isZero();
                    } else {
                        double price = env.features().items().price(slates[b][k]);
                        assertThat((double) step.costs()[b * 9 + k]).isCloseTo(0.05 * price, within(1e-4));
                    }
                    clicks += (int) y;
                    runningConversions[b] += (int) step.conversions()[b * 9 + k];
                    allConversions += (int) step.conversions()[b * 9 + k];
                    runningCost[b] += step.costs()[b * 9 + k];
                }
                runningClicks[b] += clicks;
                assertThat((double) step.rewards()[b])
                        .isCloseTo(RewardFunction.MEAN_WITH_COST_SWEET_POINT.reward(clicks, 9, 0.9), within(1e-6));
                runningTotal[b] += step.rewards()[b];
                runningDepth[b]++;
                if (step.done()[b]) {
                    doneRows.add(b);
                    doneCount++;
                    // the refilled user starts fresh
                    assertThat(step.next().steps()[b]).isZero();
                    assertThat(step.next().temper()[b]).isEqualTo(20f);
                    assertThat(step.next().cumulativeReward()[b]).isZero();
                } else {
                    assertThat(step.next().steps()[b]).isEqualTo(runningDepth[b]);
                    assertThat((double) step.next().cumulativeReward()[b]).isCloseTo(runningTotal[b], within(1e-4));
                    assertThat(step.next().temper()[b]).isGreaterThanOrEqualTo(1f);
                    // clicked items are appended at the right end, in slate order
                    int[] before = obs.history(b);
                    int[] after = step.next().history(b);
                    List<Integer> expected = new ArrayList<>();
                    for (int x : before) {
                        expected.add(x);
                    }
                    for (int k = 0; k < 9; k++) {
                        if (step.responses()[b * 9 + k] == 1) {
                            expected.add(slates[b][k]);
                        }
                    }
                    List<Integer> tail = expected.subList(expected.size() - 50, expected.size());
                    assertThat(after).containsExactly(tail.stream().mapToInt(Integer::intValue).toArray());
                }
            }
            assertThat(step.finished()).extracting(FinishedEpisode::session).containsExactlyElementsOf(doneRows);
            for (FinishedEpisode e : step.finished()) {
                assertThat(e.depth()).isEqualTo(runningDepth[e.session()]).isLessThanOrEqualTo(20).isPositive();
                assertThat(e.totalReward()).isCloseTo(runningTotal[e.session()], within(1e-4));
                assertThat(e.clicks()).isEqualTo(runningClicks[e.session()]);
                assertThat(e.conversions()).isEqualTo(runningConversions[e.session()]);
                assertThat(e.cost()).isCloseTo(runningCost[e.session()], within(1e-3));
                runningClicks[e.session()] = 0;
                runningConversions[e.session()] = 0;
                runningCost[e.session()] = 0;
                runningTotal[e.session()] = 0;
                runningDepth[e.session()] = 0;
                finishedCount++;
            }
            // history features always match the history indices
            float[] expectedFeatures = new float[8 * 50 * 40];
            env.features().gather(step.next().history(), 0, 8 * 50, expectedFeatures, 0);
            assertThat(step.next().historyFeatures()).containsExactly(expectedFeatures);
            obs = step.next();
        }
        assertThat(finishedCount).isEqualTo(doneCount).isEqualTo(env.totalEpisodes()).isGreaterThan(50);
        assertThat(env.totalSteps()).isEqualTo(300);
        assertThat(allConversions).as("the advertising response converts some clicks").isPositive();
    }

    @Test
    void sameSeedSameTrajectoryAndBadSlatesAreRejected() {
        EnvironmentConfig config = EnvironmentConfig.ml1m().withBatchSize(4);
        Environment a = new Environment(urm, data.train(), config);
        Environment b = new Environment(urm, data.train(), config);
        Observation oa = a.reset(7);
        Observation ob = b.reset(7);
        assertThat(oa.history()).containsExactly(ob.history());
        SplittableRandom pa = new SplittableRandom(3);
        SplittableRandom pb = new SplittableRandom(3);
        double total = 0;
        for (int t = 0; t < 40; t++) {
            Step sa = a.step(randomSlates(pa, 4, 9, a.items()));
            Step sb = b.step(randomSlates(pb, 4, 9, b.items()));
            assertThat(sa.rewards()).containsExactly(sb.rewards());
            assertThat(sa.responses()).containsExactly(sb.responses());
            assertThat(sa.conversions()).containsExactly(sb.conversions());
            assertThat(sa.finished()).isEqualTo(sb.finished());
            for (float r : sa.rewards()) {
                assertThat(r).isBetween(-0.1f, 1f);
                total += r;
            }
        }
        Environment c = new Environment(urm, data.train(), config);
        c.reset(8);
        Step sc = c.step(randomSlates(new SplittableRandom(3), 4, 9, c.items()));
        assertThat(total).isNotZero();
        assertThat(sc.next().history()).isNotEqualTo(oa.history());

        assertThatThrownBy(() -> a.step(new int[3][9])).hasMessage("expected 4 slates, got 3");
        int[][] bad = new int[4][9];
        bad[2][5] = a.items();
        assertThatThrownBy(() -> a.step(bad)).hasMessage("slate 2 position 5: item index 80 is outside [0, 80)");
        assertThatThrownBy(() -> new Environment(urm, data.train(), config).step(new int[4][9]))
                .hasMessageContaining("reset");
        assertThat(ItemFeatures.PADDING).isEqualTo(-1);
    }

    static int[][] randomSlates(SplittableRandom rng, int b, int k, int items) {
        int[][] s = new int[b][k];
        for (int i = 0; i < b; i++) {
            for (int q = 0; q < k; q++) {
                s[i][q] = rng.nextInt(items);
            }
        }
        return s;
    }
}
