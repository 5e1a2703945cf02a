package io.hsrl.core.agent;

import ai.djl.ndarray.NDManager;
import io.hsrl.contracts.PolicyMode;
import io.hsrl.core.catalog.ItemTable;
import io.hsrl.core.data.ItemFeatures;
import io.hsrl.core.testing.ToySimulator;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Per-level learning signals of hsrl mode, printed every few iterations on the toy simulator (level 0 = the user's
 * cluster, so a policy that learns must move level 0): each level's advantage mean and standard deviation before
 * normalisation, the norms of the policy-gradient and entropy parts of the gradient at its logits, its entropy
 * against uniform, and the critic's values against their targets. Ends with greedy totals against random and
 * most-popular. Prints figures; asserts nothing.
 *
 * <pre>
 * mvn -B -q -o -pl core -am test-compile
 * (cd core && mvn -B -q -o dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test)
 * java -XX:+UseSerialGC -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 \
 *   -cp core/target/classes:core/target/test-classes:$(cat /tmp/cp.txt) io.hsrl.core.agent.HsrlDiagnosticsBench \
 *   iterations=600 every=50 entropy=0.1 credit=1.1 norm=true warmup=100 tokenCritic=true target=0 clip=1 seed=5
 * </pre>
 */
public final class HsrlDiagnosticsBench {
    private HsrlDiagnosticsBench() {
    }

    public static void main(String[] args) {
        Map<String, String> a = new HashMap<>();
        for (String s : args) {
            String[] kv = s.split("=", 2);
            a.put(kv[0], kv[1]);
        }
        int clusters = Integer.parseInt(a.getOrDefault("clusters", "8"));
        int per = Integer.parseInt(a.getOrDefault("per", "16"));
        int k = Integer.parseInt(a.getOrDefault("k", "4"));
        int users = Integer.parseInt(a.getOrDefault("users", "16"));
        int h = 10;
        int iterations = Integer.parseInt(a.getOrDefault("iterations", "600"));
        int every = Integer.parseInt(a.getOrDefault("every", "50"));
        long seed = Long.parseLong(a.getOrDefault("seed", "5"));
        HsrlLearning learning = new HsrlLearning(Double.parseDouble(a.getOrDefault("credit", "1.1")),
                Boolean.parseBoolean(a.getOrDefault("norm", "false")), Integer.parseInt(a.getOrDefault("warmup", "100")),
                Boolean.parseBoolean(a.getOrDefault("tokenCritic", "true")),
                Double.parseDouble(a.getOrDefault("lambda", "1")), true, Double.parseDouble(a.getOrDefault("target", "0")), Double.parseDouble(a.getOrDefault("clip", "1")));
        AgentConfig config = AgentConfig.defaults(PolicyMode.HSRL)
                .withSizes(users, 32, 5000, 200, k, h, 16, 2, 1, 32, new int[] {32, 16})
                .withLearning(Double.parseDouble(a.getOrDefault("actorLr", "0.001")), 1e-3,
                        Double.parseDouble(a.getOrDefault("entropy", "0.1")), 0.9)
                .withDropout(0, 0)
                .withHsrl(learning);
        ItemTable items = ToySimulator.itemTable(clusters, per, 4, 1);
        ToySimulator env = new ToySimulator(clusters, per, users, h, 20, seed + 11);
        System.out.println("config " + learning + " entropyCoef " + config.entropyCoef() + " world " + clusters + "×" + per
                + " K=" + k);
        try (NDManager root = NDManager.newBaseManager();
             HsrlAgent agent = new HsrlAgent(root, config, env.sidSpace(), ItemFeatures.of(items), seed)) {
            ai.djl.engine.Engine.getEngine("PyTorch").setRandomSeed((int) seed);
            agent.diagnostics(true);
            TrainingLoop loop = new TrainingLoop(agent, env, seed);
            loop.warmUp();
            for (int i = 0; i < iterations; i++) {
                loop.iterate();
                if (i % every == 0 || i == iterations - 1) {
                    HsrlAgent.Diagnostics d = agent.lastDiagnostics();
                    System.out.printf(Locale.ROOT, "it %4d reward %s actor=%s adv μ %s σ %s | ∇pg %s ∇ent %s | H %s | V %s Q %s rmse %s%n",
                            i, f(loop.episodes().recentStats()), d.actorLearns(), f(d.advantageMean()), f(d.advantageSd()),
                            f(d.policyGradientNorm()), f(d.entropyGradientNorm()), f(d.entropy()), f(d.valueMean()),
                            f(d.valueTargetMean()), f(d.valueRmse()));
                }
            }
            Random r = new Random(99);
            ToySimulator evalEnv = new ToySimulator(clusters, per, users, h, 20, 99);
            Evaluation.Result trained = Evaluation.run(Baselines.greedy(agent), evalEnv, k, env.items(), 300, 10_000, r);
            evalEnv = new ToySimulator(clusters, per, users, h, 20, 99);
            Evaluation.Result popular = Evaluation.run(Baselines.mostPopular(env.items(), env.loggedHistories(500)), evalEnv,
                    k, env.items(), 300, 10_000, new Random(99));
            evalEnv = new ToySimulator(clusters, per, users, h, 20, 99);
            Evaluation.Result random = Evaluation.run(Baselines.random(env.items()), evalEnv, k, env.items(), 300, 10_000,
                    new Random(99));
            System.out.println("trained " + trained);
            System.out.println("popular " + popular);
            System.out.println("random  " + random);
        }
    }

    private static String f(double[] v) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            b.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.3g", v[i]));
        }
        return b.append(']').toString();
    }
}
