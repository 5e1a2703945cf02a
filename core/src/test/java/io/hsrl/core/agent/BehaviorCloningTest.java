package io.hsrl.core.agent;

import ai.djl.ndarray.NDManager;
import io.hsrl.contracts.PolicyMode;
import io.hsrl.core.catalog.ItemTable;
import io.hsrl.core.data.ItemFeatures;
import io.hsrl.core.testing.ToySimulator;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** hsrl mode's behaviour-loss options ({@link BehaviorCloning}): the within-slate contrast and the anchored clone. */
class BehaviorCloningTest {
    static final int K = BehaviorLossTest.K;
    static final int H = BehaviorLossTest.H;
    static final int X = 0;
    static final int Y = 24;

    /**
     * 64 logged slates of one user (one history): item X in every slate, clicked in 2 of 5 (never beside Y); item Y in 1 slate
     * of 5, always clicked; the other items never clicked. Per exposure Y is clicked 2.5 times as often as X, but X is
     * clicked twice as often in all: a catalogue-wide likelihood clones the exposure (X above Y), a click model the
     * click rate (Y above X).
     */
    static ReplayBuffer.Sample exposureBiasedSlates(int items, long seed) {
        Random rnd = new Random(seed);
        int m = 64;
        int[][] histories = new int[m][H];
        int[][] actions = new int[m][K];
        float[][] feedback = new float[m][K];
        int[] history = new int[H];
        for (int t = 0; t < H; t++) {
            history[t] = rnd.nextInt(items);
        }
        for (int b = 0; b < m; b++) {
            histories[b] = history.clone();
            actions[b][0] = X;
            boolean withY = b % 5 == 0;
            int from = 1;
            if (withY) {
                actions[b][1] = Y;
                feedback[b][1] = 1;
                from = 2;
            } else if (b % 5 <= 2) {
                feedback[b][0] = 1;
            }
            for (int j = from; j < K; j++) {
                int i;
                do {
                    i = rnd.nextInt(items);
                } while (i == X || i == Y || contains(actions[b], i, j));
                actions[b][j] = i;
            }
        }
        return new ReplayBuffer.Sample(histories, histories, actions, new float[m], new boolean[m], feedback);
    }

    private static boolean contains(int[] a, int v, int upTo) {
        for (int j = 0; j < upTo; j++) {
            if (a[j] == v) {
                return true;
            }
        }
        return false;
    }

    /** log π(Y) − log π(X) for the logged history after 150 behaviour steps on the biased slates. */
    static double yOverX(double contrast) {
        ItemTable items = ToySimulator.itemTable(4, 12, 4, 1);
        ToySimulator env = new ToySimulator(4, 12, 16, H, 20, 16);
        ReplayBuffer.Sample batch = exposureBiasedSlates(items.size(), 3);
        try (NDManager root = NDManager.newBaseManager();
             HsrlAgent agent = new HsrlAgent(root, BehaviorLossTest.config(PolicyMode.HSRL, 1e-2), env.sidSpace(),
                     ItemFeatures.of(items), 5)) {
            agent.behaviorCloning(new BehaviorCloning(contrast, 0));
            for (int i = 0; i < 150; i++) {
                agent.behaviorStep(batch);
            }
            float[] lp = agent.pathLogProbs(new int[][] {batch.histories()[0]}, new int[] {X, Y});
            return lp[1] - lp[0];
        }
    }

    /**
     * Measured (seed 5, 150 steps): log π(Y) − log π(X) is −0.694 without the contrast and +1.096 with weight 5: the
     * optima, ln(1/2) = −0.693 for the likelihood alone (X clicked twice as often) and ln(0.2·(1 + w)/0.4) = +1.099
     * with the contrast (weight w, the other items' share → 0).
     */
    @Test
    void theContrastClonesTheClickRatePerExposureNotTheExposure() {
        double plain = yOverX(0);
        double contrasted = yOverX(5);
        System.err.printf("log π(Y) − log π(X): likelihood alone %.3f, with contrast 5 %.3f%n", plain, contrasted);
        assertThat(plain).isBetween(-1.0, -0.4);
        assertThat(contrasted).isGreaterThan(0.7);
    }

    /**
     * With an anchor the behaviour loss steps only while the critic warms up; the first RL step of the actor freezes
     * the clone, and from then on the behaviour steps stop.
     */
    @Test
    void theAnchorFreezesTheCloneAtTheFirstRlStep() {
        ItemTable items = ToySimulator.itemTable(4, 12, 4, 1);
        ToySimulator env = new ToySimulator(4, 12, 16, H, 20, 16);
        AgentConfig c = BehaviorLossTest.config(PolicyMode.HSRL, 1e-2)
                .withHsrl(new HsrlLearning(1.1, false, 5, true, 1.0));
        try (NDManager root = NDManager.newBaseManager();
             HsrlAgent agent = new HsrlAgent(root, c, env.sidSpace(), ItemFeatures.of(items), 5);
             HsrlAgent off = new HsrlAgent(root, BehaviorLossTest.config(PolicyMode.HSRL, 0), env.sidSpace(),
                     ItemFeatures.of(items), 5)) {
            assertThatThrownBy(() -> off.behaviorCloning(new BehaviorCloning(0, 1))).hasMessageContaining("behaviorLr");
            assertThatThrownBy(() -> new BehaviorCloning(-1, 0)).hasMessageContaining("contrast");
            agent.behaviorCloning(new BehaviorCloning(0, 1));
            TrainingLoop loop = new TrainingLoop(agent, env, 5);
            loop.warmUp();
            for (int i = 0; i < 5; i++) {
                loop.iterate();
            }
            assertThat(agent.anchored()).isFalse();
            assertThat(agent.behaviorSteps()).isEqualTo(5);
            for (int i = 0; i < 5; i++) {
                loop.iterate();
            }
            assertThat(agent.anchored()).isTrue();
            assertThat(agent.behaviorSteps()).isEqualTo(5);
            assertThat(Double.isFinite(loop.lastUpdate().actorLoss())).isTrue();
        }
    }
}
