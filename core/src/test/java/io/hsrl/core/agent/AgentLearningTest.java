package io.hsrl.core.agent;

import ai.djl.ndarray.NDManager;
import io.hsrl.core.catalog.ItemTable;
import io.hsrl.contracts.PolicyMode;
import io.hsrl.core.testing.RandomSidSpace;
import io.hsrl.core.testing.ToySimulator;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** What the agent learns on the toy simulator, with seeds; CI-sized. */
class AgentLearningTest {
    static final int CLUSTERS = 4;
    static final int PER_CLUSTER = 12;
    static final int H = 10;
    static final int K = 4;
    static final int USERS = 16;
    static final int TEMPER = 20;
    static final int ITERATIONS = 500;

    static AgentConfig config(PolicyMode mode) {
        return AgentConfig.defaults(mode)
                .withSizes(USERS, 32, 5000, 200, K, H, 16, 2, 1, 32, new int[] {32, 16})
                .withLearning(1e-3, 1e-3, 0.01, 0.9)
                .withDropout(0, 0); // no engine randomness: the run is the same whatever ran before in this JVM
    }

    /**
     * hsrl mode's defaults with the token heads as drawn: this test measures learning from a near-uniform start (grounded
     * heads already beat most-popular before training; {@code HsrlLearningTest} covers the defaults).
     */
    static HsrlLearning drawnHeads() {
        HsrlLearning d = HsrlLearning.defaults();
        return new HsrlLearning(d.itemCredit(), d.advantageNorm(), d.criticWarmup(), d.tokenCritic(), d.tokenLambda(),
                d.residualState(), d.entropyTarget(), d.advantageClip(), 0);
    }

    static Evaluation.Result evaluate(SlatePolicy policy, long seed) {
        ToySimulator env = new ToySimulator(CLUSTERS, PER_CLUSTER, USERS, H, TEMPER, seed);
        return Evaluation.run(policy, env, K, env.items(), 300, 10_000, new Random(seed));
    }

    @Test
    void trainedHsrlPolicyBeatsRandomAndMostPopular() {
        ItemTable items = ToySimulator.itemTable(CLUSTERS, PER_CLUSTER, 4, 1);
        ToySimulator env = new ToySimulator(CLUSTERS, PER_CLUSTER, USERS, H, TEMPER, 16);
        RandomSidSpace space = env.sidSpace();
        try (NDManager root = NDManager.newBaseManager();
             HsrlAgent agent = new HsrlAgent(root, config(PolicyMode.HSRL).withHsrl(drawnHeads()), space,
                     io.hsrl.core.data.ItemFeatures.of(items), 5)) {
            ai.djl.engine.Engine.getEngine("PyTorch").setRandomSeed(5);
            TrainingLoop loop = new TrainingLoop(agent, env, 5);
            loop.warmUp();
            Evaluation.Result before = evaluate(Baselines.greedy(agent), 99);
            long t0 = System.nanoTime();
            for (int i = 0; i < ITERATIONS; i++) {
                UpdateReport r = loop.iterate();
                assertThat(r.finite()).isTrue();
                if (i % 100 == 0) {
                    System.err.printf("it %d actor %.4f critic %.4f values %s entropies %s recent %s%n", i, r.actorLoss(),
                            r.criticLoss(), java.util.Arrays.toString(r.levelValues()),
                            java.util.Arrays.toString(r.levelEntropies()), java.util.Arrays.toString(loop.episodes().recentStats()));
                }
            }
            System.err.printf("train %.1f ms/iteration%n", (System.nanoTime() - t0) / 1e6 / ITERATIONS);
            Evaluation.Result trained = evaluate(Baselines.greedy(agent), 99);
            Evaluation.Result random = evaluate(Baselines.random(env.items()), 99);
            Evaluation.Result popular = evaluate(Baselines.mostPopular(env.items(), env.loggedHistories(500)), 99);
            System.err.println("before  " + before);
            System.err.println("trained " + trained);
            System.err.println("random  " + random);
            System.err.println("popular " + popular);
            // measured (500 iterations, dropout off, seed 5): trained 7.67 total reward from 0.56 untrained,
            // most-popular 1.66; with the grounded heads of the defaults 4.92 from 3.80 untrained
            assertThat(trained.avgTotalReward()).isGreaterThan(1.1 * popular.avgTotalReward());
            assertThat(trained.avgTotalReward()).isGreaterThan(2 * random.avgTotalReward());
            assertThat(trained.avgTotalReward()).isGreaterThan(2 * before.avgTotalReward());
        }
    }
}
