package io.hsrl.core.agent;

import io.hsrl.core.data.LogDataset;
import io.hsrl.contracts.LogFormat;
import io.hsrl.core.data.SyntheticWorld;
import io.hsrl.core.simulator.ConversionModel;
import io.hsrl.core.simulator.Environment;
import io.hsrl.core.simulator.EnvironmentConfig;
import io.hsrl.core.simulator.GroundTruthResponse;
import io.hsrl.core.simulator.Observation;
import io.hsrl.core.simulator.RewardFunction;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The myopic ceiling: the simulator's own top-K click probabilities for each session. */
class OraclePolicyTest {
    static final int H = 10;
    static final SyntheticWorld WORLD = SyntheticWorld.create(SyntheticWorld.Config.of(60, 100, 11).withRowsPerUser(4)
            .withHistoryLength(H));
    static final LogDataset DATA = WORLD.log(LogFormat.RL4RS);
    static final EnvironmentConfig ENV = new EnvironmentConfig(16, 20, RewardFunction.MEAN_WITH_COST, 0.9,
            ConversionModel.defaults());

    static SimulatorEnvironment environment(long seed) {
        return new SimulatorEnvironment(new Environment(new GroundTruthResponse(WORLD), DATA.train(), ENV), seed);
    }

    @Test
    void eachSlateHoldsTheSessionsMostLikelyClicks() {
        SimulatorEnvironment env = environment(3);
        OraclePolicy oracle = new OraclePolicy(env, new GroundTruthResponse(WORLD));
        Random random = new Random(1);
        for (int step = 0; step < 3; step++) {
            int[][] histories = env.histories();
            int[][] slates = oracle.slates(histories, 9, random);
            Observation o = env.observation();
            long[] users = env.environment().sessionUsers();
            for (int r = 0; r < slates.length; r++) {
                double[] p = new double[DATA.features().size()];
                for (int i = 0; i < p.length; i++) {
                    p[i] = WORLD.clickProbability((int) users[r], i, o.history(), r * H, H, o.steps()[r]);
                }
                double worstServed = Double.MAX_VALUE;
                java.util.Set<Integer> served = new java.util.HashSet<>();
                for (int i : slates[r]) {
                    served.add(i);
                    worstServed = Math.min(worstServed, p[i]);
                }
                assertThat(served).hasSize(9);
                for (int i = 0; i < p.length; i++) {
                    if (!served.contains(i)) {
                        assertThat(p[i]).as("session %d, item %d left out", r, i).isLessThanOrEqualTo(worstServed + 1e-6);
                    }
                }
            }
            env.step(slates);
        }
    }

    @Test
    void itScoresAboveMostPopularAndRandom() {
        int n = DATA.features().size();
        SimulatorEnvironment env = environment(99);
        Evaluation.Result oracle = Evaluation.run(new OraclePolicy(env, new GroundTruthResponse(WORLD)), env, 9, n, 200,
                10_000, new Random(99));
        int[][] logged = new int[DATA.train().rows()][H];
        for (int r = 0; r < logged.length; r++) {
            DATA.train().copyHistory(r, logged[r], 0);
        }
        Evaluation.Result popular = Evaluation.run(Baselines.mostPopular(n, logged), environment(99), 9, n, 200, 10_000,
                new Random(99));
        Evaluation.Result random = Evaluation.run(Baselines.random(n), environment(99), 9, n, 200, 10_000, new Random(99));
        System.err.println("oracle " + oracle + "\npopular " + popular + "\nrandom " + random);
        assertThat(oracle.avgTotalReward()).isGreaterThan(popular.avgTotalReward()).isGreaterThan(random.avgTotalReward());
    }
}
