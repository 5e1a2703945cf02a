package io.hsrl.trainer;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.hsrl.core.agent.AgentConfig;
import io.hsrl.core.agent.Baselines;
import io.hsrl.core.agent.Evaluation;
import io.hsrl.core.agent.SlateAgent;
import io.hsrl.core.agent.SimulatorEnvironment;
import io.hsrl.core.agent.SlatePolicy;
import io.hsrl.core.agent.TrainingLoop;
import io.hsrl.core.comparison.CatalogueComparison;
import io.hsrl.core.comparison.ComparisonTable;
import io.hsrl.core.engine.ComputeDevice;
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
 * Two forms.
 * <ul>
 * <li>{@code trainer compare --data D --format F --simulator SIM --index IDX --algorithms hsrl,random,popular
 * --modes hsrl,reference --seeds 1,2,3 --iterations N}: every algorithm (HSRL once per mode) × seed trained at the same
 * iteration budget on one simulator and evaluated with the same greedy protocol; JSON rows and mean ± sd over seeds
 * on stdout, a table on stderr.</li>
 * <li>{@code trainer compare --catalog-sizes 1k,10k,100k --churn 0,0.01,0.05 --algorithms hsrl,a2c,popular,random
 * --seeds 3 [--seconds S | --iterations N]}: synthetic worlds with known ground truth per catalogue size,
 * the catalogue replaced by the churn fraction every {@code --churn-every} steps; {@code --seeds N} alone means seeds
 * 1..N. JSON (stdout or {@code --out}) and a Markdown table ({@code --markdown FILE}, and on stderr).</li>
 * </ul>
 */
@Command(name = "compare", description = "Train and evaluate several algorithms x seeds on one simulator, or on synthetic "
        + "catalogues of several sizes under churn (--catalog-sizes); print a table.")
public class CompareCommand implements Callable<Integer> {
    @Option(names = "--data") String data;
    @Option(names = "--format") String format;
    @Option(names = "--simulator") String simulator;
    @Option(names = "--catalog-sizes", split = ",", description = "Synthetic catalogue sizes, e.g. 1k,10k,100k,1M (the synthetic-catalogue form).")
    List<String> catalogSizes;
    @Option(names = "--churn", split = ",", defaultValue = "0",
            description = "Fractions of the catalogue replaced every --churn-every steps (default: ${DEFAULT-VALUE}).")
    List<Double> churn;
    @Option(names = "--churn-every", defaultValue = "50", description = "Environment steps between churn events.")
    int churnEvery;
    @Option(names = "--max-churn-events", defaultValue = "40", description = "Churn events the pool of new items is sized for.")
    int maxChurnEvents;
    @Option(names = "--eval-after-events", defaultValue = "5",
            description = "Churn events the evaluation catalogue has been through when evaluation starts (same for every algorithm).")
    int evalAfterEvents;
    @Option(names = "--seconds", defaultValue = "0",
            description = "Equal wall-clock training budget per learner in seconds (0: none; with --iterations, whichever ends first).")
    double seconds;
    @Option(names = "--users", defaultValue = "2000", description = "Synthetic users (logged sessions users start from).")
    int users;
    @Option(names = "--rows-per-user", defaultValue = "4") int rowsPerUser;
    @Option(names = "--levels", defaultValue = "3", description = "Codebook levels of the synthetic catalogues' indexes.")
    int levels;
    @Option(names = "--world-seed", defaultValue = "7") long worldSeed;
    @Option(names = "--index-iterations", defaultValue = "10") int indexIterations;
    @Option(names = "--out", description = "Write the JSON here (local path or s3://) instead of stdout (--catalog-sizes form).")
    String out;
    @Option(names = "--markdown", description = "Write the Markdown table to this file (--catalog-sizes form).")
    String markdown;
    @Option(names = "--index", description = "Index stats.json or folder (needed for hsrl).") String index;
    @Option(names = "--algorithms", defaultValue = "hsrl,a2c,random,popular", split = ",") List<String> algorithms;
    @Option(names = "--modes", defaultValue = "hsrl,reference", split = ",") List<String> modes;
    @Option(names = "--seeds", defaultValue = "1,2,3", split = ",") List<Long> seeds;
    @Option(names = "--iterations", defaultValue = "2000") long iterations;
    @Option(names = "--episodes", defaultValue = "200") int episodes;
    @Option(names = "--device", defaultValue = "auto") String device;
    @Mixin
    AgentOptions agent = new AgentOptions();

    @Override
    public Integer call() throws Exception {
        if (catalogSizes != null && !catalogSizes.isEmpty()) {
            return catalogues();
        }
        if (data == null || format == null || simulator == null) {
            throw new IllegalArgumentException("--data, --format and --simulator are required (or --catalog-sizes for "
                    + "synthetic catalogues)");
        }
        Device d = ComputeDevice.resolve(device);
        for (String a : algorithms) {
            LearningAgents.requireKnown(a.toLowerCase(Locale.ROOT), "--algorithms:");
        }
        AgentConfig base = agent.config(PolicyMode.HSRL);
        List<Map<String, Object>> rows = new ArrayList<>();
        try (ObjectStores store = ObjectStores.fromEnvironment();
             AgentWorld world = AgentWorld.load(store, data, format, simulator, index, base.slateSize(), base.maxSeqLen(),
                     seeds.get(0), d, System.err)) {
            int items = world.dataset.features().size();
            int k = world.urm.shape().slateSize();
            for (String a : algorithms) {
                String alg = a.toLowerCase(Locale.ROOT);
                List<String> ms = alg.equals("hsrl") ? modes : List.of("-");
                for (String m : ms) {
                    for (long seed : seeds) {
                        Engine.getEngine("PyTorch").setRandomSeed((int) seed);
                        SimulatorEnvironment evalEnv = new SimulatorEnvironment(
                                world.environment(base.episodeBatchSize(), agent.initialTemper), 1000 + seed);
                        Evaluation.Result r;
                        double[] levelEntropies = null;
                        long t0 = System.nanoTime();
                        if (LearningAgents.learns(alg)) {
                            if (alg.equals("hsrl") && world.sids == null) {
                                throw new IllegalArgumentException("--index is required for hsrl");
                            }
                            AgentConfig c = agent.config(alg.equals("hsrl") ? PolicyMode.parse(m) : PolicyMode.HSRL);
                            try (NDManager root = NDManager.newBaseManager(d);
                                 SlateAgent h = LearningAgents.create(alg, root, c, agent.latent(), world, seed)) {
                                TrainingLoop loop = new TrainingLoop(h, new SimulatorEnvironment(
                                        world.environment(c.episodeBatchSize(), agent.initialTemper), seed), seed);
                                loop.warmUp();
                                ProgressBar bar = new ProgressBar(System.err, alg + "/" + m + " seed " + seed);
                                while (loop.iteration() < iterations) {
                                    loop.iterate();
                                    bar.update(loop.iteration(), iterations, null);
                                }
                                r = evaluate(Baselines.greedy(h), evalEnv, k, items, seed);
                                levelEntropies = loop.lastUpdate() == null ? null : loop.lastUpdate().levelEntropies();
                            }
                        } else {
                            SlatePolicy p = alg.equals("random") ? Baselines.random(items)
                                    : Baselines.mostPopular(items, world.loggedHistories());
                            r = evaluate(p, evalEnv, k, items, seed);
                        }
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("algorithm", alg);
                        row.put("mode", m);
                        row.put("seed", seed);
                        row.put("avgTotalReward", r.avgTotalReward());
                        row.put("avgDepth", r.avgDepth());
                        row.put("avgRewardPerStep", r.avgRewardPerStep());
                        row.put("coverage", r.coverage());
                        row.put("seconds", (System.nanoTime() - t0) / 1e9);
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
                    s.get("mode"), s.get("meanTotalReward"), s.get("sdTotalReward"), s.get("meanDepth"), s.get("sdDepth")));
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
                indexIterations, agent.initialTemper, evalAfterEvents);
        CatalogueComparison.Report report = new CatalogueComparison(o, agent.config(PolicyMode.HSRL),
                ComputeDevice.resolve(device), System.err).run();
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
            s.put("mode", g.get(0).get("mode"));
            s.put("seeds", g.size());
            double[] reward = g.stream().mapToDouble(r -> (double) r.get("avgTotalReward")).toArray();
            double[] depth = g.stream().mapToDouble(r -> (double) r.get("avgDepth")).toArray();
            s.put("meanTotalReward", mean(reward));
            s.put("sdTotalReward", sd(reward));
            s.put("meanDepth", mean(depth));
            s.put("sdDepth", sd(depth));
            out.add(s);
        }
        return out;
    }

    private static double mean(double[] a) {
        double s = 0;
        for (double x : a) {
            s += x;
        }
        return s / a.length;
    }

    private static double sd(double[] a) {
        if (a.length < 2) {
            return 0;
        }
        double m = mean(a);
        double s = 0;
        for (double x : a) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (a.length - 1));
    }
}
