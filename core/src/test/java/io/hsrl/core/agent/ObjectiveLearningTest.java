package io.hsrl.core.agent;

import ai.djl.ndarray.NDManager;
import io.hsrl.contracts.CostBudget;
import io.hsrl.contracts.LogFormat;
import io.hsrl.contracts.PolicyMode;
import io.hsrl.core.data.LogDataset;
import io.hsrl.core.data.SyntheticWorld;
import io.hsrl.core.simulator.ConversionModel;
import io.hsrl.core.simulator.Environment;
import io.hsrl.core.simulator.EnvironmentConfig;
import io.hsrl.core.simulator.GroundTruthResponse;
import io.hsrl.core.simulator.RewardFunction;
import io.hsrl.core.testing.RandomSidSpace;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * What the constrained objective learns on a small synthetic world (its ground-truth clicks, the simulator's
 * conversions and costs), with the flat A2C learner (the fastest); the other learners are checked to train under it.
 */
class ObjectiveLearningTest {
    static final int H = 10;
    static final int USERS = 16;
    static final int ITERATIONS = 500;
    static final SyntheticWorld WORLD = SyntheticWorld.create(SyntheticWorld.Config.of(60, 100, 11).withRowsPerUser(4)
            .withHistoryLength(H));
    static final LogDataset DATA = WORLD.log(LogFormat.RL4RS);
    static final EnvironmentConfig ENV = new EnvironmentConfig(USERS, 20, RewardFunction.MEAN_WITH_COST, 0.9,
            ConversionModel.defaults());
    static final double BEHAVIOUR = Objective.behaviourCostPerExposure(DATA.train(), ENV.conversions());

    static AgentConfig config(PolicyMode mode) {
        return AgentConfig.defaults(mode)
                .withSizes(USERS, 32, 5000, 200, 9, H, 16, 2, 1, 32, new int[] {32, 16})
                .withLearning(1e-3, 1e-3, 0.01, 0.9)
                .withDropout(0, 0);
    }

    static SimulatorEnvironment environment(long seed) {
        return new SimulatorEnvironment(new Environment(new GroundTruthResponse(WORLD), DATA.train(), ENV), seed);
    }

    static Evaluation.Result greedy(SlateAgent agent) {
        return Evaluation.run(Baselines.greedy(agent), environment(99), 9, DATA.features().size(), 200, 10_000,
                new Random(99));
    }

    /** Trains a flat A2C agent; {@code eachIteration} sees the objective after every iteration. */
    static Evaluation.Result trainFlat(Objective objective, long seed, java.util.function.Consumer<Objective> eachIteration) {
        try (NDManager root = NDManager.newBaseManager();
             FlatA2cAgent agent = new FlatA2cAgent(root, config(PolicyMode.HSRL), DATA.features(), seed)) {
            ai.djl.engine.Engine.getEngine("PyTorch").setRandomSeed((int) seed);
            TrainingLoop loop = new TrainingLoop(agent, environment(seed), seed, objective);
            loop.warmUp();
            for (int i = 0; i < ITERATIONS; i++) {
                assertThat(loop.iterate().finite()).isTrue();
                eachIteration.accept(objective);
                if (i % 100 == 99) {
                    System.err.printf("%s it %d %s%n", objective, i + 1, objective.summary());
                }
            }
            Evaluation.Result r = greedy(agent);
            System.err.println(objective + " greedy " + r);
            return r;
        }
    }

    @Test
    void dualAscentBringsTheTrainedPolicysCostPerExposureToATightBudget() {
        // this world's conversions-maximising policy spends about 0.33 per exposure unconstrained, the logging policy
        // 0.36: a budget 10% under the logging policy's binds
        Objective objective = Objective.conversions(CostBudget.parse("-10%"), BEHAVIOUR);
        double[] maxLambda = {0};
        Evaluation.Result trained = trainFlat(objective, 5, o -> maxLambda[0] = Math.max(maxLambda[0], o.lambda()));
        double budget = 0.9 * BEHAVIOUR;
        assertThat(objective.budget()).isCloseTo(budget, within(1e-9));
        assertThat(maxLambda[0]).as("λ rose while the cost was over budget").isGreaterThan(0.1);
        assertThat(objective.lambda()).isGreaterThan(0);
        assertThat(objective.costPerExposure() / budget).as("training cost per exposure / budget").isCloseTo(1, within(0.05));
        assertThat(objective.budgetHolds()).isTrue();
        assertThat(trained.costPerExposure()).as("greedy cost per exposure").isLessThanOrEqualTo(budget * 1.05);
        assertThat(trained.conversionsPerExposure()).isGreaterThan(0.5);
    }

    @Test
    void theConversionsObjectiveBuysMoreConversionsPerUnitCostThanEngagementAndItsSlackBudgetKeepsLambdaZero() {
        Evaluation.Result engagement = trainFlat(Objective.engagement(), 5, o -> { });
        // +10% over the logging policy's cost is never reached here (random slates cost about 0.35, the engagement
        // policy about 0.38 against 0.40): the budget is slack and λ must stay 0
        Objective conversions = Objective.conversions(CostBudget.parse("+10%"), BEHAVIOUR);
        Evaluation.Result trained = trainFlat(conversions, 5, o -> assertThat(o.lambda()).isZero());
        assertThat(conversions.budgetHolds()).isTrue();
        double perCostEngagement = engagement.conversionsPerExposure() / engagement.costPerExposure();
        double perCostConversions = trained.conversionsPerExposure() / trained.costPerExposure();
        System.err.printf("conversions per unit cost: engagement %.3f, conversions %.3f%n", perCostEngagement, perCostConversions);
        assertThat(perCostConversions).isGreaterThan(1.05 * perCostEngagement);
        assertThat(trained.conversionsPerExposure()).isGreaterThan(0.9 * engagement.conversionsPerExposure());
        assertThat(trained.costPerExposure()).isLessThan(BEHAVIOUR);
    }

    @Test
    void aResumedRunContinuesWithTheCheckpointsLambdaAndReportsTheObjective(@org.junit.jupiter.api.io.TempDir
                                                                           java.nio.file.Path dir) throws Exception {
        String out = dir.resolve("run").toString();
        io.hsrl.artifact.CheckpointManifest template = new io.hsrl.artifact.CheckpointManifest(
                io.hsrl.artifact.CheckpointManifest.SCHEMA_VERSION, 0, 8, null, "a2c", "hsrl", 3, null, "sim", "data",
                "rl4rs", null, java.util.Map.of(), null);
        java.io.PrintStream log = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
        double saved;
        try (io.hsrl.store.ObjectStore store = io.hsrl.store.ObjectStores.from(java.util.Map.of());
             NDManager root = NDManager.newBaseManager()) {
            Objective first = Objective.conversions(CostBudget.parse("-50%"), BEHAVIOUR);
            try (FlatA2cAgent agent = new FlatA2cAgent(root, config(PolicyMode.HSRL), DATA.features(), 3)) {
                TrainingLoop loop = new TrainingLoop(agent, environment(3), 3, first);
                new TrainingRun(store, agent, loop, new TrainingRun.Settings(out, 4, 4, false, 0, template), log).run();
            }
            saved = first.lambda();
            assertThat(saved).as("λ after 4 iterations at twice the budget").isGreaterThan(0);
            io.hsrl.artifact.TrainingProgressRecord progress = store.readJson(dir.resolve("run/progress.json").toString(),
                    io.hsrl.artifact.TrainingProgressRecord.class);
            assertThat(progress.metrics().objective().lambda()).isCloseTo(saved, within(1e-6));
            assertThat(progress.metrics().objective().budgetHolds()).isFalse();

            Objective resumed = Objective.conversions(CostBudget.parse("-50%"), BEHAVIOUR);
            try (FlatA2cAgent agent = new FlatA2cAgent(root, config(PolicyMode.HSRL), DATA.features(), 4)) {
                TrainingLoop loop = new TrainingLoop(agent, environment(4), 4, resumed);
                new TrainingRun(store, agent, loop, new TrainingRun.Settings(out, 5, 4, true, 0, template), log).run();
            }
            // one more iteration over budget from the saved λ: it rose from there (one step from 0 is about a quarter of it)
            assertThat(resumed.lambda()).isGreaterThan(saved);
        }
    }

    @Test
    void hsrlInBothModesAndDdpgTrainUnderTheConstrainedObjective() {
        for (String algorithm : new String[] {"hsrl", "reference", "ddpg"}) {
            PolicyMode mode = algorithm.equals("reference") ? PolicyMode.REFERENCE : PolicyMode.HSRL;
            AgentConfig c = config(mode);
            Function<NDManager, SlateAgent> make = root -> algorithm.equals("ddpg")
                    ? new DdpgAgent(root, c, LatentActionConfig.defaults(), DATA.features(), 3)
                    : new HsrlAgent(root, c, new RandomSidSpace(DATA.features().size(), new int[] {4, 4, 4}, 2),
                    DATA.features(), 3);
            Objective objective = Objective.conversions(CostBudget.parse("-50%"), BEHAVIOUR);
            try (NDManager root = NDManager.newBaseManager(); SlateAgent agent = make.apply(root)) {
                TrainingLoop loop = new TrainingLoop(agent, environment(3), 3, objective);
                loop.warmUp();
                for (int i = 0; i < 30; i++) {
                    assertThat(loop.iterate().finite()).as(algorithm).isTrue();
                }
            }
            assertThat(objective.lambda()).as(algorithm + ": λ under a budget half the logging policy's").isGreaterThan(0);
            assertThat(objective.budgetHolds()).as(algorithm).isFalse();
        }
    }
}
