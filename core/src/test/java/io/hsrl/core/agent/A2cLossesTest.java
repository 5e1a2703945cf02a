package io.hsrl.core.agent;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Loss terms and their gradients on tiny cases, against numbers worked out by hand (in the comments). */
class A2cLossesTest {
    private static final float LN3 = (float) Math.log(3);

    @Test
    void tdTargetUsesOneMinusDoneUnlessTheReferenceBugIsOn() {
        float[] r = {1f, 0.5f};
        boolean[] done = {false, true};
        float[] next = {2f, 3f};
        assertThat(A2cLosses.tdTarget(r, done, next, 0.9, false)).containsExactly(new float[] {2.8f, 0.5f}, within(1e-6f));
        assertThat(A2cLosses.tdTarget(r, done, next, 0.9, true)).containsExactly(new float[] {1f, 3.2f}, within(1e-6f));
    }

    @Test
    void levelAdvantagesAreValueDifferencesThenTheTdErrorEachClipped() {
        assertThat(A2cLosses.levelAdvantages(new float[] {0.2f, 0.5f, 0.1f}, 0.4f, 0))
                .containsExactly(new float[] {0.3f, -0.4f, 0.3f}, within(1e-6f));
        assertThat(A2cLosses.levelAdvantages(new float[] {0f, 2f, -1f}, 0f, 0.5))
                .containsExactly(new float[] {1.5f, -0.5f, 1.5f}, within(1e-6f));
    }

    /**
     * Values (0.2, 0.5, 0.1), q = 0.4: δ = (0.3, −0.4, 0.3). λ = 1: A_l = q − V_l = (0.2, −0.1, 0.3);
     * λ = 0.5: A_2 = 0.3, A_1 = −0.4 + 0.15 = −0.25, A_0 = 0.3 − 0.125 = 0.175; λ = 0 is the one-step form.
     */
    @Test
    void tokenLevelLambdaBlendsOneStepDifferencesAndTheReturnAgainstEachPrefixValue() {
        float[] v = {0.2f, 0.5f, 0.1f};
        assertThat(A2cLosses.levelAdvantages(v, 0.4f, 0, 1)).containsExactly(new float[] {0.2f, -0.1f, 0.3f}, within(1e-6f));
        assertThat(A2cLosses.levelAdvantages(v, 0.4f, 0, 0.5)).containsExactly(new float[] {0.175f, -0.25f, 0.3f}, within(1e-6f));
        assertThat(A2cLosses.levelAdvantages(v, 0.4f, 0, 0)).containsExactly(A2cLosses.levelAdvantages(v, 0.4f, 0), within(0f));
        // clipped after the sum: q − V_0 = 3 − 0 → 1
        assertThat(A2cLosses.levelAdvantages(new float[] {0f, 0f}, 3f, 0, 1)).containsExactly(new float[] {1f, 1f}, within(1e-6f));
    }

    @Test
    void perLevelNormalisationGivesEachLevelZeroMeanAndUnitSpread() {
        float[][] a = {{0.01f, 1f}, {0.03f, -1f}, {0.02f, 0.5f}, {0.02f, 0.5f}};
        A2cLosses.normalisePerLevel(a);
        double[][] moments = A2cLosses.levelMoments(a);
        assertThat(moments[0]).containsExactly(new double[] {0, 0}, within(1e-6));
        assertThat(moments[1]).containsExactly(new double[] {1, 1}, within(1e-5));
        // level 0 was 100× smaller than level 1 and is now on the same scale: 0.03 is √2 standard deviations up
        assertThat((double) a[1][0]).isCloseTo(Math.sqrt(2), within(1e-5));
        float[][] flat = {{0.5f}, {0.5f}};
        A2cLosses.normalisePerLevel(flat);
        assertThat(flat[1][0]).isZero();
    }

    /** Two slates of K = 3: clicks (1, 0, 0) and (1, 1, 1); Q = (0.6, 1.5), credit 1.1 (mean_with_cost's share). */
    @Test
    void itemTargetsShareTheSlateReturnByEachItemsOwnClick() {
        float[][] feedback = {{1, 0, 0}, {1, 1, 1}};
        ReplayBuffer.Sample batch = new ReplayBuffer.Sample(null, null, null, new float[] {0.6f, 1.5f},
                new boolean[2], feedback);
        float[] t = HsrlAgent.itemTargets(batch, new float[] {0.6f, 1.5f}, 1.1);
        // 0.6 + 1.1·(1 − ⅓) = 1.333333, 0.6 − 1.1·⅓ = 0.233333; the second slate has no deviation
        assertThat(t).containsExactly(new float[] {1.333333f, 0.233333f, 0.233333f, 1.5f, 1.5f, 1.5f}, within(1e-5f));
        assertThat((double) (t[0] + t[1] + t[2])).isCloseTo(3 * 0.6, within(1e-5));
        assertThat(HsrlAgent.itemTargets(batch, new float[] {0.6f, 1.5f}, 0)).containsExactly(
                new float[] {0.6f, 0.6f, 0.6f, 1.5f, 1.5f, 1.5f}, within(0f));
    }

    /**
     * One slate of K = 4 with one click, Q = 0, every value 0, item credit 3: the items' own returns are 3·(1 − ¼) =
     * 2.25 and 3·(0 − ¼) = −0.75, summing to zero. Clipped to the reference's [−1, 1] the clicked item's advantage is cut
     * to 1 and the slate's advantages sum to −1.25 (a bias against every chosen token); with the default bound
     * (max(1, credit) = 3, {@code advantageClip} 0) they keep their sum 0.
     */
    @Test
    void theDefaultClipDoesNotCutAnItemsOwnClick() {
        float[][] feedback = {{1, 0, 0, 0}};
        ReplayBuffer.Sample batch = new ReplayBuffer.Sample(null, null, null, new float[] {0f}, new boolean[1], feedback);
        float[] targets = HsrlAgent.itemTargets(batch, new float[] {0f}, 3);
        HsrlLearning reference = new HsrlLearning(3, false, 100, true, 1.0, true, 0, 1);
        HsrlLearning byCredit = new HsrlLearning(3, false, 100, true, 1.0, true, 0, 0);
        assertThat(HsrlLearning.defaults().advantageClip()).isZero();
        assertThat(HsrlLearning.defaults().advantageBound()).isEqualTo(HsrlLearning.defaults().itemCredit());
        assertThat(byCredit.advantageBound()).isEqualTo(3);
        assertThat(reference.advantageBound()).isEqualTo(1);
        assertThat(HsrlLearning.exactShare().advantageBound()).isEqualTo(1);
        assertThat(new HsrlLearning(0.5, false, 100, true, 1.0, true, 0, 0).advantageBound()).isEqualTo(1);
        double[] sums = new double[2];
        HsrlLearning[] learnings = {reference, byCredit};
        for (int run = 0; run < 2; run++) {
            for (float t : targets) {
                float[] a = A2cLosses.levelAdvantages(new float[] {0f, 0f, 0f}, t, 0, 1, learnings[run].advantageBound());
                sums[run] += a[0];
            }
        }
        assertThat(sums[0]).isCloseTo(-1.25, within(1e-5));
        assertThat(sums[1]).isCloseTo(0, within(1e-5));
    }

    /**
     * M = 1, K = 2, L = 1, logits (0, ln 3) → q = (¼, ¾); tokens 0 and 1; A = 0.5, β = 0.1.
     * NLL = ½(ln 4 + ln 4/3) = 0.836988; A·NLL = 0.418494; Σ q log q = −0.562335 → loss = 0.362261.
     * ∂/∂z: A·(1/K)Σ_k(q − e_{z_k}) = (−0.125, 0.125) plus β·q_i(log q_i − Σ q log q) = (−0.0205990, 0.0205990).
     */
    @Test
    void referenceActorLossAndGradient() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.create(new float[] {0f, LN3}, new ai.djl.ndarray.types.Shape(1, 2));
            logits.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                A2cLosses.Terms t = A2cLosses.referenceActor(List.of(logits), new int[][][] {{{0}, {1}}},
                        m.create(new float[] {0.5f}), 0.1);
                assertThat((double) t.loss().getFloat()).isCloseTo(0.362261, within(1e-5));
                assertThat(t.entropies()[0]).isCloseTo(0.562335, within(1e-5));
                gc.backward(t.loss());
            }
            assertThat(logits.getGradient().toFloatArray()).containsExactly(new float[] {-0.145599f, 0.145599f}, within(1e-5f));
        }
    }

    /**
     * One path, L = 2. Level 0 masked logits (0, ln 3, masked) → p = (¼, ¾, 0), token 1, A = 0.5: 0.5·(−ln ¾) = 0.143841.
     * Level 1 logits (ln 2, 0) → p = (⅔, ⅓), token 0, A = −0.2: −0.2·(−ln ⅔) = −0.081093. Loss (β = 0) = 0.062748.
     * Entropies 0.562335 and 0.636514 → with β = 0.1 the loss is 0.062748 − 0.119885 = −0.057137.
     * ∂/∂z₀ (β = 0) = A·(p − e_z) = (0.125, −0.125, 0): the masked token gets no gradient and no NaN.
     */
    @Test
    void hsrlActorLossWeightsEachTokenByItsOwnAdvantage() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray l0 = m.create(new float[] {0f, LN3, A2cLosses.MASKED}, new ai.djl.ndarray.types.Shape(1, 3));
            NDArray l1 = m.create(new float[] {(float) Math.log(2), 0f}, new ai.djl.ndarray.types.Shape(1, 2));
            l0.setRequiresGradient(true);
            int[][] tokens = {{1, 0}};
            float[][] adv = {{0.5f, -0.2f}};
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                A2cLosses.Terms t = A2cLosses.hsrlActor(List.of(l0, l1), tokens, adv, 1.0, 0.0);
                assertThat((double) t.loss().getFloat()).isCloseTo(0.062748, within(1e-5));
                assertThat(t.entropies()).containsExactly(new double[] {0.562335, 0.636514}, within(1e-5));
                gc.backward(t.loss());
            }
            assertThat(l0.getGradient().toFloatArray()).containsExactly(new float[] {0.125f, -0.125f, 0f}, within(1e-6f));
            A2cLosses.Terms withEntropy = A2cLosses.hsrlActor(List.of(l0, l1), tokens, adv, 1.0, 0.1);
            assertThat((double) withEntropy.loss().getFloat()).isCloseTo(-0.057137, within(1e-5));
        }
    }
}
