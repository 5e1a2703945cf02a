package io.hsrl.core.agent;

import io.hsrl.artifact.TrainingObjectiveRecord;
import io.hsrl.contracts.CostBudget;
import io.hsrl.contracts.ObjectiveType;
import io.hsrl.core.catalog.ItemTable;
import io.hsrl.core.data.ItemFeatures;
import io.hsrl.core.data.LoggedSlates;
import io.hsrl.core.simulator.ConversionModel;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The objective's rewards and its dual ascent on λ, driven by simulated steps of known cost. */
class ObjectiveTest {
    static final int B = 8;
    static final int K = 4;

    /** One step of B×K exposures: each clicked with {@code ctr}, converting with 0.3, costing {@code costPerClick}. */
    static SlateEnvironment.Step step(SplittableRandom rng, double ctr, double costPerClick) {
        float[][] clicks = new float[B][K];
        float[][] conv = new float[B][K];
        float[][] cost = new float[B][K];
        for (int b = 0; b < B; b++) {
            for (int k = 0; k < K; k++) {
                if (rng.nextDouble() < ctr) {
                    clicks[b][k] = 1;
                    cost[b][k] = (float) costPerClick;
                    conv[b][k] = rng.nextDouble() < 0.3 ? 1 : 0;
                }
            }
        }
        return new SlateEnvironment.Step(new float[B], new boolean[B], clicks, new int[B][1], conv, cost);
    }

    @Test
    void dualAscentRaisesLambdaWhileCostIsOverBudgetAndLowersItToZeroWhenUnder() {
        Objective o = new Objective(ObjectiveType.CONVERSIONS, CostBudget.parse("abs:0.1"), Double.NaN, 0.05, 10);
        SplittableRandom rng = new SplittableRandom(1);
        double previous = 0;
        for (int i = 0; i < 50; i++) { // cost per exposure 0.5 · 0.4 = 0.2, twice the budget
            o.observe(step(rng, 0.5, 0.4));
            o.updateMultiplier();
            assertThat(o.lambda()).isGreaterThan(previous);
            previous = o.lambda();
        }
        assertThat(o.costPerExposure()).isCloseTo(0.2, within(0.03));
        assertThat(o.budgetHolds()).isFalse();
        TrainingObjectiveRecord over = o.record();
        assertThat(over.lambda()).isEqualTo(o.lambda(), within(1e-6));
        assertThat(over.budgetHolds()).isFalse();
        assertThat(over.budgetCostPerExposure()).isEqualTo(0.1);
        for (int i = 0; i < 400 && o.lambda() > 0; i++) { // then cost 0.5 · 0.1 = 0.05, half the budget
            o.observe(step(rng, 0.5, 0.1));
            o.updateMultiplier();
            if (i >= 10) { // once the window of 10 iterations holds only the cheaper steps
                assertThat(o.lambda()).isLessThanOrEqualTo(previous);
            }
            assertThat(o.lambda()).isGreaterThanOrEqualTo(0);
            previous = o.lambda();
        }
        assertThat(o.lambda()).isZero();
        assertThat(o.budgetHolds()).isTrue();
    }

    @Test
    void lambdaStaysZeroWhenTheBudgetIsSlackAndWithoutOne() {
        SplittableRandom rng = new SplittableRandom(2);
        Objective slack = Objective.conversions(CostBudget.parse("+5%"), 0.3);
        Objective none = Objective.conversions(CostBudget.parse("none"), 0.3);
        for (int i = 0; i < 200; i++) {
            SlateEnvironment.Step s = step(rng, 0.5, 0.4); // 0.2 per exposure, under 0.315
            for (Objective o : new Objective[] {slack, none}) {
                o.observe(s);
                o.updateMultiplier();
                assertThat(o.lambda()).isZero();
            }
        }
        assertThat(slack.budget()).isCloseTo(0.315, within(1e-12));
        assertThat(slack.budgetHolds()).isTrue();
        assertThat(none.constrained()).isFalse();
        assertThat(none.budgetHolds()).isNull();
        assertThat(none.record().budgetCostPerExposure()).isNull();
        assertThat(none.record().costBudget()).isEqualTo("none");
    }

    @Test
    void rewardsAreTheEngagementRewardOrTheNormalisedLagrangian() {
        float[] conv = {1, 0, 1};
        float[] cost = {0.5f, 0.2f, 0.1f};
        float[] clicks = {1, 1, 0};
        Objective e = Objective.engagement();
        assertThat(e.reward(0.7f, conv, cost)).isEqualTo(0.7f);
        assertThat(e.itemSignals(clicks, conv, cost)).containsExactly(clicks);
        Objective c = Objective.conversions(CostBudget.parse("abs:0.2"), Double.NaN);
        assertThat(c.reward(0.7f, conv, cost)).isEqualTo(2f);
        c.setLambda(3);
        // (Σ conv − λ Σ (cost − b)) / (1 + λ) = (2 − 3·(0.8 − 0.6)) / 4
        assertThat((double) c.reward(0.7f, conv, cost)).isCloseTo(0.35, within(1e-6));
        float[] items = c.itemSignals(clicks, conv, cost);
        assertThat((double) (items[0] + items[1] + items[2])).isCloseTo(0.35, within(1e-6));
        assertThat((double) items[1]).isCloseTo(0, within(1e-6));
        assertThatThrownBy(() -> c.setLambda(-1)).hasMessageContaining("λ");
    }

    @Test
    void theConversionsObjectiveRefusesAnEnvironmentWithoutAdvertisingResponse() {
        SlateEnvironment.Step clicksOnly = new SlateEnvironment.Step(new float[B], new boolean[B], new float[B][K], new int[B][1]);
        assertThatThrownBy(() -> Objective.conversions(CostBudget.DEFAULT, 0.1).observe(clicksOnly))
                .hasMessageContaining("conversions objective");
        Objective e = Objective.engagement();
        e.observe(clicksOnly);
        assertThat(e.record()).isNull();
    }

    @Test
    void theBehaviourPolicysCostPricesTheLoggedClicksWithTheCostModel() {
        ItemTable items = new ItemTable(new long[] {1, 2, 3}, new float[3], 1, new double[] {10, 20, 0}, "three");
        ItemFeatures features = ItemFeatures.of(items);
        LoggedSlates.Builder b = LoggedSlates.builder(features, 2, 1, 11, "logs");
        b.add(1, 1, new int[] {0, 1}, new float[] {1, 1}, null, null, new int[0], new float[11]);
        b.add(2, 2, new int[] {1, 2}, new float[] {0, 1}, null, null, new int[0], new float[11]);
        ConversionModel model = new ConversionModel(0, 0, 0, 0.05);
        // clicks on items priced 10, 20 and 0 → cost 0.5 + 1.0 + 0 over 4 exposures
        assertThat(Objective.behaviourCostPerExposure(b.build(), model)).isCloseTo(0.375, within(1e-12));
        assertThat(CostBudget.parse("-20%").resolve(0.375)).isCloseTo(0.3, within(1e-12));
    }
}
