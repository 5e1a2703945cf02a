package io.hsrl.core.agent;

import ai.djl.ndarray.NDManager;
import io.hsrl.core.catalog.ItemTable;
import io.hsrl.core.data.ItemFeatures;
import io.hsrl.core.data.LoggedSlates;
import io.hsrl.contracts.PolicyMode;
import io.hsrl.core.testing.ToyLogs;
import io.hsrl.core.testing.ToySimulator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.hsrl.core.agent.AgentLearningTest.CLUSTERS;
import static io.hsrl.core.agent.AgentLearningTest.H;
import static io.hsrl.core.agent.AgentLearningTest.K;
import static io.hsrl.core.agent.AgentLearningTest.PER_CLUSTER;
import static io.hsrl.core.agent.AgentLearningTest.TEMPER;
import static io.hsrl.core.agent.AgentLearningTest.USERS;
import static io.hsrl.core.agent.AgentLearningTest.evaluate;
import static org.assertj.core.api.Assertions.assertThat;

/** The supervised (behaviour cloning) and latent-action (DDPG/HAC) baselines on the toy simulator, with seeds. */
class BaselineAgentsTest {
    static final ItemTable ITEMS = ToySimulator.itemTable(CLUSTERS, PER_CLUSTER, 4, 1);

    @Test
    void supervisedBaselineLearnsTheLoggedClicksAndBeatsRandom() {
        ItemFeatures features = ItemFeatures.of(ITEMS);
        LoggedSlates logs = ToyLogs.record(new ToySimulator(CLUSTERS, PER_CLUSTER, USERS, H, TEMPER, 21), features, K, 100, 3);
        LoggedSlates heldOut = ToyLogs.record(new ToySimulator(CLUSTERS, PER_CLUSTER, USERS, H, TEMPER, 22), features, K, 20, 4);
        AgentConfig config = AgentLearningTest.config(PolicyMode.HSRL).withSizes(USERS, 32, 200, 16, K, H, 16, 2, 1, 32,
                new int[] {32, 16});
        try (NDManager root = NDManager.newBaseManager();
             SupervisedAgent agent = new SupervisedAgent(root, config, logs, 5)) {
            ToySimulator env = new ToySimulator(CLUSTERS, PER_CLUSTER, USERS, H, TEMPER, 16);
            TrainingLoop loop = new TrainingLoop(agent, env, 5);
            loop.warmUp();
            double before = agent.loss(heldOut, 320);
            Evaluation.Result untrained = evaluate(Baselines.greedy(agent), 99);
            List<Double> losses = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                UpdateReport r = loop.iterate();
                assertThat(r.finite()).isTrue();
                losses.add(r.actorLoss());
            }
            double after = agent.loss(heldOut, 320);
            Evaluation.Result trained = evaluate(Baselines.greedy(agent), 99);
            Evaluation.Result random = evaluate(Baselines.random(env.items()), 99);
            System.err.printf("SL held-out BCE %.4f -> %.4f; train loss first 30 %.4f last 30 %.4f%n", before, after,
                    mean(losses.subList(0, 30)), mean(losses.subList(270, 300)));
            System.err.println("SL untrained " + untrained + "\nSL trained " + trained + "\nrandom " + random);
            assertThat(after).isLessThan(before - 0.05);
            assertThat(mean(losses.subList(270, 300))).isLessThan(mean(losses.subList(0, 30)));
            assertThat(trained.avgTotalReward()).isGreaterThan(1.5 * random.avgTotalReward());
        }
    }

    @Test
    void supervisedCheckpointRestoresTheSameModelAndStep() {
        ItemFeatures features = ItemFeatures.of(ITEMS);
        LoggedSlates logs = ToyLogs.record(new ToySimulator(CLUSTERS, PER_CLUSTER, USERS, H, TEMPER, 21), features, K, 20, 3);
        AgentConfig config = AgentLearningTest.config(PolicyMode.HSRL).withSizes(USERS, 16, 200, 16, K, H, 16, 2, 1, 32,
                new int[] {32, 16});
        try (NDManager root = NDManager.newBaseManager();
             SupervisedAgent a = new SupervisedAgent(root, config, logs, 5);
             SupervisedAgent b = new SupervisedAgent(root, config, logs, 6)) {
            for (int i = 0; i < 3; i++) {
                a.update(null);
            }
            Map<String, byte[]> state = a.state();
            b.restore(state, "mem");
            // same parameters and the same next minibatch: the next step gives the same loss
            assertThat(b.update(null).actorLoss()).isEqualTo(a.update(null).actorLoss());
        }
    }

    /**
     * Plain DDPG (no behaviour loss, train_ddpg.sh) stays finite but does not learn much here: measured (seed 5)
     * 1.34 total reward at 200 iterations and 1.01–1.59 at 300 (two variants of the actor loss), coverage 0.10–0.13,
     * against random 0.87 and the untrained greedy actor's 3.54: the actor drifts to a few items. Only finiteness is
     * asserted for it.
     */
    @Test
    void plainDdpgTrainsWithoutNonFiniteValues() {
        Evaluation.Result[] r = ddpg(new LatentActionConfig(0.1, 0.1, 0.0), 200);
        assertThat(r[0].avgTotalReward()).isFinite();
        assertThat(r[0].avgDepth()).isGreaterThan(0);
    }

    /**
     * With HAC's behaviour loss on the served slates' clicks it learns: measured 5.94 (4.88 after the flat parameter
     * layout of ceead0a) vs random 0.87 and untrained 3.54 (seed 5).
     */
    @Test
    void ddpgWithBehaviourLossBeatsRandom() {
        Evaluation.Result[] r = ddpg(new LatentActionConfig(0.1, 0.1, 1.0), 300);
        assertThat(r[0].avgTotalReward()).isGreaterThan(3 * r[1].avgTotalReward());
        assertThat(r[0].avgTotalReward()).isGreaterThan(r[2].avgTotalReward());
    }

    /** Trains for {@code iterations}; returns {trained, random, untrained}. */
    private static Evaluation.Result[] ddpg(LatentActionConfig latent, int iterations) {
        ToySimulator env = new ToySimulator(CLUSTERS, PER_CLUSTER, USERS, H, TEMPER, 16);
        AgentConfig config = AgentLearningTest.config(PolicyMode.HSRL);
        try (NDManager root = NDManager.newBaseManager();
             DdpgAgent agent = new DdpgAgent(root, config, latent, ItemFeatures.of(ITEMS), 5)) {
            TrainingLoop loop = new TrainingLoop(agent, env, 5);
            loop.warmUp();
            Evaluation.Result untrained = evaluate(Baselines.greedy(agent), 99);
            for (int i = 0; i < iterations; i++) {
                UpdateReport r = loop.iterate();
                assertThat(r.finite()).as("iteration %d: %s", i, r).isTrue();
                if (i % 100 == 0) {
                    System.err.printf("DDPG %s it %d actor %.4f critic %.4f target %.4f value %.4f%n", latent, i,
                            r.actorLoss(), r.criticLoss(), r.meanTarget(), r.meanValue());
                }
            }
            Evaluation.Result trained = evaluate(Baselines.greedy(agent), 99);
            Evaluation.Result random = evaluate(Baselines.random(env.items()), 99);
            System.err.println("DDPG " + latent + "\n untrained " + untrained + "\n trained " + trained + "\n random " + random);
            return new Evaluation.Result[] {trained, random, untrained};
        }
    }

    private static double mean(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }
}
