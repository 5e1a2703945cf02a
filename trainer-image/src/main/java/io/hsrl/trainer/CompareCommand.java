package io.hsrl.trainer;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.hsrl.core.agent.AgentConfig;
import io.hsrl.core.agent.Baselines;
import io.hsrl.core.agent.OraclePolicy;
import io.hsrl.core.simulator.ResponseModel;
import io.hsrl.core.agent.Evaluation;
import io.hsrl.core.agent.SlateAgent;
import io.hsrl.core.agent.SimulatorEnvironment;
import io.hsrl.core.agent.SlatePolicy;
import io.hsrl.core.agent.TrainingBudget;
import io.hsrl.core.agent.TrainingLoop;
import io.hsrl.core.comparison.CatalogueComparison;
import io.hsrl.core.comparison.ComparisonTable;
import io.hsrl.contracts.PolicyMode;
import io.hsrl.store.Json;
import io.hsrl.store.ObjectStores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.LongStream;

/**
 * Two forms: algorithms × seeds on one simulator fitted on logged data, or synthetic catalogues of several sizes whose
 * items change while the agents train and are evaluated (churn). See the command's description.
 */
@Command(name = "compare", description = {
        "Train and evaluate several algorithms and seeds; print a table.",
        "",
        "Every learner gets the same training budget and the same greedy evaluation.",
        "",
        "On logged data (--data, --format, --simulator, --index): every algorithm of --algorithms (hsrl once per mode "
                + "of --modes) and seed of --seeds is trained for --iterations on that one simulator and evaluated for "
                + "--episodes greedy episodes. JSON rows and mean +/- sd over seeds go to stdout, a table to stderr.",
        "",
        "On synthetic catalogues (--catalog-sizes 1k,10k,...): for each size a world with known ground truth is "
                + "generated and indexed once; for each --churn fraction, algorithm (hsrl, a2c, sl, popular, random) and seed "
                + "the catalogue replaces that fraction of its items every --churn-every steps while agents train (for "
                + "--iterations, --seconds of wall-clock, --cpu-seconds, or whichever ends first) and while they are evaluated. "
                + "--seeds N alone means seeds 1..N. JSON goes to stdout or --out, a Markdown table to stderr and "
                + "--markdown."})
public class CompareCommand implements Callable<Integer> {
    @Mixin
    WorldOptions inputs = new WorldOptions();
    @Option(names = "--catalog-sizes", split = ",", description = "Synthetic catalogue sizes, e.g. 1k,10k,100k,1M; "
            + "selects the synthetic form. Default: none (the logged-data form).")
    List<String> catalogSizes;
    @Option(names = "--churn", split = ",", defaultValue = "0",
            description = "Synthetic form: fractions of the catalogue replaced every --churn-every steps.")
    List<Double> churn;
    @Option(names = "--churn-every", defaultValue = "50", description = "Synthetic form: environment steps between churn events.")
    int churnEvery;
    @Option(names = "--max-churn-events", defaultValue = "40",
            description = "Synthetic form: churn events the pool of new items is sized for.")
    int maxChurnEvents;
    @Option(names = "--eval-after-events", defaultValue = "5",
            description = "Synthetic form: churn events the evaluation catalogue has been through when evaluation starts "
                    + "(the same for every algorithm).")
    int evalAfterEvents;
    @Option(names = "--seconds", defaultValue = "0",
            description = "Synthetic form: wall-clock training budget per learner in seconds (0: none; with --iterations, "
                    + "whichever ends first).")
    double seconds;
    @Option(names = "--cpu-seconds", defaultValue = "0",
            description = "Training budget per learner in CPU seconds of the training thread (0: none; with --iterations, "
                    + "whichever ends first). With --threads 1 libtorch runs every operator on that thread, so the budget is "
                    + "the learner's compute whatever else the machine runs: equal compute for every learner on a shared "
                    + "machine. Each row reports the iterations it made.")
    double cpuSeconds;
    @Option(names = "--users", defaultValue = "2000", description = "Synthetic form: users of the world (logged sessions "
            + "simulated users start from).")
    int users;
    @Option(names = "--rows-per-user", defaultValue = "4", description = "Synthetic form: slates logged per user.")
    int rowsPerUser;
    @Option(names = "--levels", defaultValue = "3", description = "Synthetic form: codebook levels of the catalogues' indexes.")
    int levels;
    @Option(names = "--world-seed", defaultValue = "7", description = "Synthetic form: seed of the worlds (fixed per size).")
    long worldSeed;
    @Option(names = "--index-iterations", defaultValue = "10", description = "Synthetic form: k-means iterations per level.")
    int indexIterations;
    @Option(names = "--out", description = "Synthetic form: write the JSON here (local path or s3://) instead of stdout. "
            + "Default: none (stdout).")
    String out;
    @Option(names = "--markdown", description = "Synthetic form: also write the Markdown table to this file. Default: none.")
    String markdown;
    @Option(names = "--algorithms", defaultValue = "hsrl,a2c,random,popular", split = ",",
            description = "Algorithms to compare: hsrl, a2c, sl, ddpg, random, popular, oracle (synthetic form: hsrl, "
                    + "a2c, sl and oracle (churn 0 only), random, popular). oracle serves the simulator's own top-K click "
                    + "probabilities given what the simulator reads of the user (profile, history): the ceiling of a "
                    + "myopic policy; it does not learn.")
    List<String> algorithms;
    @Option(names = "--modes", defaultValue = "hsrl,reference", split = ",",
            description = "Logged-data form: the policy modes hsrl runs in.")
    List<String> modes;
    @Option(names = "--seeds", defaultValue = "1,2,3", split = ",", description = "Seeds (synthetic form: one number N "
            + "means 1..N).")
    List<Long> seeds;
    @Option(names = "--iterations", defaultValue = "2000", description = "Training iterations per learner.")
    long iterations;
    @Option(names = "--episodes", defaultValue = "200", description = "Greedy evaluation episodes per learner and seed.")
    int episodes;
    @Option(names = "--reference-sids", description = "Logged-data form: hsrl in reference mode acts in the Python "
            + "reference's item → SID table (sid_index_item2sid.npy) instead of --index's; other learners and modes "
            + "are unchanged. Default: none.")
    String referenceSids;
    @Mixin
    ComputeOptions compute = new ComputeOptions();
    @Mixin
    AgentOptions agent = new AgentOptions();

    @Override
    public Integer call() throws Exception {
        if (catalogSizes != null && !catalogSizes.isEmpty()) {
            if (referenceSids != null) {
                throw new IllegalArgumentException("--reference-sids is for the logged-data form, not --catalog-sizes");
            }
            return catalogues();
        }
        if (inputs.log.data == null || inputs.log.format == null || inputs.simulator == null) {
            throw new IllegalArgumentException("--data, --format and --simulator are required (or --catalog-sizes for "
                    + "synthetic catalogues)");
        }
        if (!(cpuSeconds >= 0)) {
            throw new IllegalArgumentException("--cpu-seconds must be ≥ 0, was " + cpuSeconds);
        }
        Device d = compute.resolve();
        for (String a : algorithms) {
            if (!a.equalsIgnoreCase("oracle")) {
                LearningAgents.requireKnown(a.toLowerCase(Locale.ROOT), "--algorithms:");
            }
        }
        AgentConfig base = agent.config(PolicyMode.HSRL);
        if (referenceSids != null && !(algorithms.stream().anyMatch(a -> a.equalsIgnoreCase("hsrl"))
                && modes.stream().anyMatch(m -> PolicyMode.parse(m) == PolicyMode.REFERENCE))) {
            throw new IllegalArgumentException("--reference-sids needs hsrl in --algorithms and reference in --modes");
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        try (ObjectStores store = TrainerStore.open();
             AgentWorld world = AgentWorld.load(store, inputs.log.data, inputs.log.format, inputs.simulator, inputs.index,
                     base.slateSize(), base.maxSeqLen(),
                     seeds.get(0), d, System.err)) {
            // the same simulator and data (closed with world), the reference's SIDs for reference mode
            AgentWorld referenceWorld = referenceSids == null ? null : world.withReferenceSids(store, referenceSids, System.err);
            int items = world.dataset.features().size();
            int k = world.urm.shape().slateSize();
            for (String a : algorithms) {
                String alg = a.toLowerCase(Locale.ROOT);
                List<String> ms = alg.equals("hsrl") ? modes : java.util.Collections.singletonList(null);
                for (String m : ms) {
                    for (long seed : seeds) {
                        Engine.getEngine("PyTorch").setRandomSeed((int) seed);
                        SimulatorEnvironment evalEnv = new SimulatorEnvironment(
                                world.environment(base.episodeBatchSize(), agent.initialTemper), 1000 + seed);
                        Evaluation.Result r;
                        double[] levelEntropies = null;
                        long trained = -1;
                        long t0 = System.nanoTime();
                        long cpu0 = processCpuNanos();
                        if (LearningAgents.learns(alg)) {
                            AgentConfig c = agent.config(alg.equals("hsrl") ? PolicyMode.parse(m) : PolicyMode.HSRL);
                            AgentWorld w = alg.equals("hsrl") && c.mode() == PolicyMode.REFERENCE && referenceWorld != null
                                    ? referenceWorld : world;
                            if (alg.equals("hsrl") && w.sids == null) {
                                throw new IllegalArgumentException("--index is required for hsrl"
                                        + (c.mode() == PolicyMode.REFERENCE ? " (or --reference-sids in reference mode)" : ""));
                            }
                            try (NDManager root = NDManager.newBaseManager(d);
                                 SlateAgent h = LearningAgents.withBehavior(
                                         LearningAgents.create(alg, root, c, agent.latent(), w, seed), agent, w)) {
                                TrainingLoop loop = new TrainingLoop(h, new SimulatorEnvironment(
                                        world.environment(c.episodeBatchSize(), agent.initialTemper), seed), seed);
                                loop.warmUp();
                                ProgressBar bar = new ProgressBar(System.err, alg + (m == null ? "" : "/" + m) + " seed " + seed);
                                // here --iterations always caps: 0 trains nothing
                                if (iterations > 0) {
                                    new TrainingBudget(iterations, 0, cpuSeconds)
                                            .train(loop, () -> bar.update(loop.iteration(), iterations, null));
                                }
                                trained = loop.iteration();
                                r = evaluate(Baselines.greedy(h), evalEnv, k, items, seed);
                                levelEntropies = loop.lastUpdate() == null ? null : loop.lastUpdate().levelEntropies();
                            }
                        } else {
                            SlatePolicy p = alg.equals("random") ? Baselines.random(items)
                                    : alg.equals("oracle") ? new OraclePolicy(evalEnv, ResponseModel.of(world.urm))
                                    : Baselines.mostPopular(items, world.loggedHistories());
                            r = evaluate(p, evalEnv, k, items, seed);
                        }
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("algorithm", alg);
                        if (m != null) {
                            row.put("mode", m);
                        }
                        row.put("seed", seed);
                        if (trained >= 0) {
                            row.put("iterations", trained);
                        }
                        row.put("avgTotalReward", r.avgTotalReward());
                        row.put("avgDepth", r.avgDepth());
                        row.put("avgRewardPerStep", r.avgRewardPerStep());
                        row.put("coverage", r.coverage());
                        row.put("seconds", (System.nanoTime() - t0) / 1e9);
                        row.put("cpuSeconds", (processCpuNanos() - cpu0) / 1e9);
                        if (levelEntropies != null) {
                            row.put("levelEntropies", levelEntropies);
                        }
                        rows.add(row);
                        System.err.println(row);
                    }
                }
            }
        }
        List<Map<String, Object>> summary = summarise(rows);
        System.err.println(String.format(Locale.ROOT, "%-10s %-10s %-18s %-18s", "algorithm", "mode", "total reward", "depth"));
        for (Map<String, Object> s : summary) {
            System.err.println(String.format(Locale.ROOT, "%-10s %-10s %7.3f ± %-8.3f %7.3f ± %-8.3f", s.get("algorithm"),
                    s.getOrDefault("mode", "-"), s.get("meanTotalReward"), s.get("sdTotalReward"), s.get("meanDepth"), s.get("sdDepth")));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("iterations", iterations);
        out.put("episodes", episodes);
        out.put("rows", rows);
        out.put("summary", summary);
        System.out.println(Json.writeString(out));
        return 0;
    }

    private int catalogues() throws Exception {
        List<Integer> sizes = new ArrayList<>();
        for (String s : catalogSizes) {
            sizes.add(parseSize(s));
        }
        List<Long> seedList = seeds.size() == 1 ? LongStream.rangeClosed(1, seeds.get(0)).boxed().toList() : seeds;
        if (seedList.isEmpty()) {
            throw new IllegalArgumentException("--seeds: a count of at least 1, or a list of seeds");
        }
        List<String> algs = algorithms.stream().map(a -> a.trim().toLowerCase(Locale.ROOT)).toList();
        CatalogueComparison.Options o = new CatalogueComparison.Options(sizes, churn, algs, seedList,
                iterations, seconds, episodes, churnEvery, maxChurnEvents, users, rowsPerUser, levels, worldSeed,
                indexIterations, agent.initialTemper, evalAfterEvents, cpuSeconds);
        if (!List.of("replay", "logs").contains(agent.behaviorSource)) {
            throw new IllegalArgumentException("--behavior-source: " + agent.behaviorSource + " is not one of replay, logs");
        }
        CatalogueComparison.Report report = new CatalogueComparison(o, agent.config(PolicyMode.HSRL),
                compute.resolve(), System.err).cloneLoggedSlates(agent.behaviorSource.equals("logs"))
                .behaviorCloning(agent.cloning()).run();
        String table = ComparisonTable.markdown(report.summary());
        System.err.print(table);
        String json = Json.writeString(report.toJson());
        if (out != null || markdown != null) {
            try (ObjectStores store = TrainerStore.open()) {
                if (out != null) {
                    store.writeString(out, json);
                }
                if (markdown != null) {
                    store.writeString(markdown, table);
                }
            }
        }
        if (out == null) {
            System.out.println(json);
        }
        return 0;
    }

    /** CPU time of this process, all threads (nanoseconds). */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** {@code 1000}, {@code 10k}, {@code 1M}. */
    static int parseSize(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        long scale = t.endsWith("k") ? 1_000 : t.endsWith("m") ? 1_000_000 : 1;
        String digits = scale == 1 ? t : t.substring(0, t.length() - 1);
        try {
            long v = Math.round(Double.parseDouble(digits) * scale);
            if (v < 1 || v > 50_000_000) {
                throw new NumberFormatException();
            }
            return (int) v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--catalog-sizes: '" + s + "' is not a size like 1000, 10k or 1M");
        }
    }

    private Evaluation.Result evaluate(SlatePolicy p, SimulatorEnvironment env, int k, int items, long seed) {
        return Evaluation.run(p, env, k, items, episodes, Math.max(1000, episodes * 50), new Random(seed));
    }

    static List<Map<String, Object>> summarise(List<Map<String, Object>> rows) {
        Map<String, List<Map<String, Object>>> groups = new LinkedHashMap<>();
        for (Map<String, Object> r : rows) {
            groups.computeIfAbsent(r.get("algorithm") + "/" + r.get("mode"), x -> new ArrayList<>()).add(r);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (List<Map<String, Object>> g : groups.values()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("algorithm", g.get(0).get("algorithm"));
            if (g.get(0).get("mode") != null) {
                s.put("mode", g.get(0).get("mode"));
            }
            s.put("seeds", g.size());
            double[] reward = g.stream().mapToDouble(r -> (double) r.get("avgTotalReward")).toArray();
            double[] depth = g.stream().mapToDouble(r -> (double) r.get("avgDepth")).toArray();
            s.put("meanTotalReward", ComparisonTable.mean(reward));
            s.put("sdTotalReward", ComparisonTable.sd(reward));
            s.put("meanDepth", ComparisonTable.mean(depth));
            s.put("sdDepth", ComparisonTable.sd(depth));
            out.add(s);
        }
        return out;
    }
}
