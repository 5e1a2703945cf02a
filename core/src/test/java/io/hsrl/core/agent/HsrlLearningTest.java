package io.hsrl.core.agent;

import ai.djl.ndarray.NDManager;
import io.hsrl.contracts.PolicyMode;
import io.hsrl.core.catalog.ItemTable;
import io.hsrl.core.data.ItemFeatures;
import io.hsrl.core.testing.ToySimulator;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * hsrl mode learns by its own RL signal (no behaviour loss): every level's logits get a policy gradient, the critic
 * warms up before the actor moves, and on the toy simulator (level 0 = the user's cluster) the greedy policy beats
 * most-popular with its first level's distribution well away from uniform and no collapse onto one slate. CI-sized.
 */
class HsrlLearningTest {
    static final int CLUSTERS = 8;
    static final int PER_CLUSTER = 16;
    static final int H = 10;
    static final int K = 4;
    static final int USERS = 16;

    static AgentConfig config(HsrlLearning learning) {
        return AgentConfig.defaults(PolicyMode.HSRL) // entropyCoef 0.1, behaviorLr 0: the RL4RS defaults
                .withSizes(USERS, 32, 5000, 200, K, H, 16, 2, 1, 32, new int[] {32, 16})
                .withDropout(0, 0) // no engine randomness: the run is the same whatever ran before in this JVM
                .withHsrl(learning);
    }

    private static float[] head(HsrlAgent agent, int level) {
        return agent.actor().parameters().get("sid_heads." + level + ".weight").toFloatArray();
    }

    @Test
    void everyLevelGetsAPolicyGradientOnceTheCriticHasWarmedUp() {
        ItemTable items = ToySimulator.itemTable(CLUSTERS, PER_CLUSTER, 4, 1);
        ToySimulator env = new ToySimulator(CLUSTERS, PER_CLUSTER, USERS, H, 20, 3);
        HsrlLearning learning = new HsrlLearning(1.1, false, 2, true, 1.0);
        try (NDManager root = NDManager.newBaseManager();
             HsrlAgent agent = new HsrlAgent(root, config(learning).withLearning(1e-3, 1e-3, 0, 0.9), env.sidSpace(),
                     ItemFeatures.of(items), 3)) {
            agent.diagnostics(true);
            TrainingLoop loop = new TrainingLoop(agent, env, 3);
            loop.warmUp();
            Random random = new Random(3);
            for (int step = 0; step < 3; step++) {
                float[][] before = new float[3][];
                for (int l = 0; l < 3; l++) {
                    before[l] = head(agent, l);
                }
                agent.update(loop.buffer().sample(32, random));
                HsrlAgent.Diagnostics d = agent.lastDiagnostics();
                for (int l = 0; l < 3; l++) {
                    boolean moved = !java.util.Arrays.equals(before[l], head(agent, l));
                    // the critic's first two steps leave the actor alone; then every level's head moves (entropy off:
                    // the policy loss alone)
                    assertThat(moved).as("step %d level %d", step, l).isEqualTo(step >= 2);
                    assertThat(d.actorLearns()).isEqualTo(step >= 2);
                    // the first level's policy gradient is on the scale of the last level's, not an order smaller
                    assertThat(d.policyGradientNorm()[l]).as("level %d", l).isGreaterThan(0.2 * d.policyGradientNorm()[2]);
                }
            }
        }
    }

    static Evaluation.Result evaluate(SlatePolicy policy) {
        ToySimulator env = new ToySimulator(CLUSTERS, PER_CLUSTER, USERS, H, 20, 99);
        return Evaluation.run(policy, env, K, env.items(), 200, 10_000, new Random(99));
    }

    /**
     * The defaults learn on a world where the best slate differs by user. Measured (400 iterations, seed 5): item credit
     * 2 with its clip (±2), greedy 6.69 against most-popular 0.94 and random 0.40, level-0 entropy 1.01 of ln 8 = 2.08,
     * coverage 0.42. Item credit 3 clipped to the reference's [−1, 1] collapses onto one slate for everybody
     * ({@code HsrlDiagnosticsBench}: 0.85, coverage 0.047), failing these assertions; so does the signal of the first
     * implementation ({@link HsrlLearning#plain()}: slate credit, one-step token differences), which leaves level 0
     * uniform (2.07) and scores below most-popular.
     */
    @Test
    void hsrlModeWithoutBehaviourLossBeatsMostPopularAndItsFirstLevelLeavesUniform() {
        ItemTable items = ToySimulator.itemTable(CLUSTERS, PER_CLUSTER, 4, 1);
        ToySimulator env = new ToySimulator(CLUSTERS, PER_CLUSTER, USERS, H, 20, 16);
        try (NDManager root = NDManager.newBaseManager();
             HsrlAgent agent = new HsrlAgent(root, config(HsrlLearning.defaults()), env.sidSpace(), ItemFeatures.of(items), 5)) {
            assertThat(agent.config().behaviorLr()).isZero();
            ai.djl.engine.Engine.getEngine("PyTorch").setRandomSeed(5);
            TrainingLoop loop = new TrainingLoop(agent, env, 5);
            loop.warmUp();
            UpdateReport last = null;
            for (int i = 0; i < ITERATIONS; i++) {
                last = loop.iterate();
                assertThat(last.finite()).isTrue();
            }
            Evaluation.Result trained = evaluate(Baselines.greedy(agent));
            Evaluation.Result popular = evaluate(Baselines.mostPopular(env.items(), env.loggedHistories(500)));
            Evaluation.Result random = evaluate(Baselines.random(env.items()));
            System.err.println("trained " + trained + "\npopular " + popular + "\nrandom " + random + "\nlevel entropies "
                    + java.util.Arrays.toString(last.levelEntropies()));
            assertThat(trained.avgTotalReward()).isGreaterThan(2 * popular.avgTotalReward());
            assertThat(trained.avgTotalReward()).isGreaterThan(4 * random.avgTotalReward());
            double uniform0 = Math.log(CLUSTERS);
            assertThat(last.levelEntropies()[0]).isLessThan(0.6 * uniform0);
            // not one path for everybody: the greedy slates differ between users (one slate = K of 128 items)
            assertThat(trained.coverage()).isGreaterThan(3.0 * K / env.items());
        }
    }

    static final int ITERATIONS = 400;

    private static double[] train(HsrlAgent agent, ToySimulator env, int seed) {
        ai.djl.engine.Engine.getEngine("PyTorch").setRandomSeed(seed);
        TrainingLoop loop = new TrainingLoop(agent, env, seed);
        loop.warmUp();
        UpdateReport last = null;
        for (int i = 0; i < ITERATIONS; i++) {
            last = loop.iterate();
            assertThat(last.finite()).isTrue();
        }
        return last.levelEntropies();
    }

    /**
     * An entropy bonus ten times the default (1.0) holds level 0 at uniform when it is one coefficient for all levels;
     * with an entropy target (0.4 · ln V per level) each level's coefficient comes down while its entropy is above the
     * target, and level 0 leaves uniform. Measured (400 iterations, seed 5): one coefficient: level-0 entropy 2.07 of
     * ln 8 = 2.08, greedy 3.92; with the target: level 0 at 1.26, every coefficient at its floor 0.001, greedy 2.77
     * against most-popular 0.95 (the target moves the entropy; on the toy it does not add reward).
     */
    @Test
    void anEntropyTargetPerLevelLowersTheBonusOfALevelThatStaysAboveIt() {
        ItemTable items = ToySimulator.itemTable(CLUSTERS, PER_CLUSTER, 4, 1);
        ToySimulator env = new ToySimulator(CLUSTERS, PER_CLUSTER, USERS, H, 20, 16);
        HsrlLearning fixed = HsrlLearning.exactShare(); // one coefficient for every level
        HsrlLearning targeted = new HsrlLearning(fixed.itemCredit(), fixed.advantageNorm(), fixed.criticWarmup(),
                fixed.tokenCritic(), fixed.tokenLambda(), fixed.residualState(), 0.4);
        double uniform0 = Math.log(CLUSTERS);
        Evaluation.Result[] results = new Evaluation.Result[2];
        double[][] entropies = new double[2][];
        double[][] coefs = new double[2][];
        HsrlLearning[] learnings = {fixed, targeted};
        for (int run = 0; run < 2; run++) {
            try (NDManager root = NDManager.newBaseManager();
                 HsrlAgent agent = new HsrlAgent(root, config(learnings[run]).withLearning(1e-3, 1e-3, 1.0, 0.9),
                         env.sidSpace(), ItemFeatures.of(items), 5)) {
                entropies[run] = train(agent, env, 5);
                results[run] = evaluate(Baselines.greedy(agent));
                coefs[run] = agent.levelEntropyCoefs();
            }
        }
        Evaluation.Result popular = evaluate(Baselines.mostPopular(env.items(), env.loggedHistories(500)));
        System.err.println("fixed " + results[0] + " " + java.util.Arrays.toString(entropies[0])
                + "\ntarget " + results[1] + " " + java.util.Arrays.toString(entropies[1]) + " coefficients "
                + java.util.Arrays.toString(coefs[1]) + "\npopular " + popular);
        assertThat(entropies[0][0]).isGreaterThan(0.9 * uniform0);
        assertThat(coefs[0]).containsOnly(1.0);
        assertThat(entropies[1][0]).isLessThan(0.7 * uniform0);
        assertThat(coefs[1][0]).isLessThan(0.1);
        assertThat(results[1].avgTotalReward()).isGreaterThan(2 * popular.avgTotalReward());
    }
}
