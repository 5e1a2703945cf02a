package io.hsrl.core.comparison;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.hsrl.contracts.KMeansMode;
import io.hsrl.core.agent.AgentConfig;
import io.hsrl.core.agent.Baselines;
import io.hsrl.core.agent.FlatA2cAgent;
import io.hsrl.core.agent.HsrlAgent;
import io.hsrl.core.agent.OraclePolicy;
import io.hsrl.core.agent.SimulatorEnvironment;
import io.hsrl.core.agent.SlateAgent;
import io.hsrl.core.agent.SlateEnvironment;
import io.hsrl.core.agent.SlatePolicy;
import io.hsrl.core.agent.SupervisedAgent;
import io.hsrl.core.agent.TrainingBudget;
import io.hsrl.core.agent.TrainingLoop;
import io.hsrl.core.data.LogDataset;
import io.hsrl.contracts.LogFormat;
import io.hsrl.core.data.LoggedSlates;
import io.hsrl.core.data.SyntheticWorld;
import io.hsrl.contracts.PolicyMode;
import io.hsrl.core.sid.BuildProgress;
import io.hsrl.contracts.CollisionStrategy;
import io.hsrl.core.sid.IndexBuilder;
import io.hsrl.core.sid.IndexOptions;
import io.hsrl.core.sid.LiveSidSpace;
import io.hsrl.core.sid.SidIndex;
import io.hsrl.core.simulator.ChurningCatalogue;
import io.hsrl.core.simulator.Environment;
import io.hsrl.core.simulator.EnvironmentConfig;
import io.hsrl.core.simulator.GroundTruthResponse;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.IntPredicate;

/**
 * Where HSRL must win (large and changing catalogues): for each catalogue size a synthetic world with known ground truth (clustered
 * factors, long-tail popularity, drifting interests; {@link SyntheticWorld.Config#scaled}), a Semantic-ID index built
 * once on its initial items, and for each churn rate, algorithm and seed a fresh {@link ChurningCatalogue} that both
 * the training and the evaluation environment advance. HSRL encodes arrivals against the fixed codebook
 * ({@link LiveSidSpace}); the flat A2C remaps its output layer; random and most-popular serve active items; sl
 * (behaviour cloning on the world's logged slates, without churn) scores every item. Learners
 * train for the same budget (iterations, wall-clock seconds, CPU seconds of the training thread, or whichever ends
 * first) and are evaluated greedily
 * while the catalogue keeps changing. The world's seed is fixed per size; the seeds vary agents, environments and churn.
 */
public final class CatalogueComparison {
    public static final List<String> ALGORITHMS = List.of("hsrl", "a2c", "sl", "popular", "random", "oracle");

    /**
     * @param iterations    training iterations per learner (0: no limit, then {@code seconds} must be set)
     * @param seconds       wall-clock training seconds per learner (0: no limit), the equal-time budget
     * @param cpuSeconds    CPU seconds of the training thread per learner (0: no limit), the equal-compute budget that
     *                      holds on a shared machine
     * @param churnEvery    environment steps between churn events
     * @param maxChurnEvents events the arrival pool is sized for (churn stops when it runs dry)
     * @param evalAfterEvents churn events the evaluation catalogue has been through when evaluation starts
     */
    public record Options(List<Integer> sizes, List<Double> churn, List<String> algorithms, List<Long> seeds,
                          long iterations, double seconds, int episodes, int churnEvery, int maxChurnEvents, int users,
                          int rowsPerUser, int levels, long worldSeed, int indexIterations, double initialTemper,
                          int evalAfterEvents, double cpuSeconds) {
        /** Without a CPU-time budget. */
        public Options(List<Integer> sizes, List<Double> churn, List<String> algorithms, List<Long> seeds,
                       long iterations, double seconds, int episodes, int churnEvery, int maxChurnEvents, int users,
                       int rowsPerUser, int levels, long worldSeed, int indexIterations, double initialTemper,
                       int evalAfterEvents) {
            this(sizes, churn, algorithms, seeds, iterations, seconds, episodes, churnEvery, maxChurnEvents, users,
                    rowsPerUser, levels, worldSeed, indexIterations, initialTemper, evalAfterEvents, 0);
        }

        public Options {
            if (sizes.isEmpty() || churn.isEmpty() || algorithms.isEmpty() || seeds.isEmpty()) {
                throw new IllegalArgumentException("--catalog-sizes, --churn, --algorithms and --seeds need at least one value");
            }
            for (int n : sizes) {
                if (n < 20) {
                    throw new IllegalArgumentException("--catalog-sizes: " + n + " is too small (at least 20 items)");
                }
            }
            for (double c : churn) {
                if (!(c >= 0 && c <= 1)) {
                    throw new IllegalArgumentException("--churn: " + c + " is not a fraction in [0, 1]");
                }
            }
            for (String a : algorithms) {
                if (!ALGORITHMS.contains(a)) {
                    throw new IllegalArgumentException("--algorithms: " + a + " is not available with --catalog-sizes; use " + ALGORITHMS);
                }
            }
            if (algorithms.contains("oracle") && churn.stream().anyMatch(c -> c > 0)) {
                throw new IllegalArgumentException("--algorithms oracle: only with --churn 0 (it ranks the whole catalogue)");
            }
            if (algorithms.contains("sl") && churn.stream().anyMatch(c -> c > 0)) {
                throw new IllegalArgumentException("--algorithms sl: only with --churn 0 (behaviour cloning scores the "
                        + "logged catalogue and does not follow arrivals)");
            }
            if (!(cpuSeconds >= 0)) {
                throw new IllegalArgumentException("--cpu-seconds must be ≥ 0, was " + cpuSeconds);
            }
            if (iterations <= 0 && seconds <= 0 && cpuSeconds <= 0) {
                throw new IllegalArgumentException("set --iterations, --seconds or --cpu-seconds (a training budget)");
            }
            if (evalAfterEvents < 0 || evalAfterEvents > maxChurnEvents) {
                throw new IllegalArgumentException("--eval-after-events must be in [0, --max-churn-events], was " + evalAfterEvents);
            }
            if (episodes < 1 || churnEvery < 1 || maxChurnEvents < 0 || users < 1 || rowsPerUser < 1 || levels < 1) {
                throw new IllegalArgumentException("episodes, churn period, users, rows per user and levels must be positive");
            }
        }
    }

    /** JSON-ready rows (one per size × churn × algorithm × seed) and their summary (mean ± sd over seeds). */
    public record Report(Map<String, Object> settings, List<Map<String, Object>> rows, List<Map<String, Object>> summary) {
        public Map<String, Object> toJson() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("settings", settings);
            out.put("rows", rows);
            out.put("summary", summary);
            return out;
        }
    }

    private final Options options;
    private final AgentConfig config;
    private final Device device;
    private final PrintStream log;
    private boolean cloneLogs;
    private io.hsrl.core.agent.BehaviorCloning cloning = io.hsrl.core.agent.BehaviorCloning.OFF;

    public CatalogueComparison(Options options, AgentConfig config, Device device, PrintStream log) {
        if (config.mode() != PolicyMode.HSRL) {
            throw new IllegalArgumentException("catalogue comparisons run HSRL in hsrl mode (reference mode scores the "
                    + "whole index and has no churn support)");
        }
        this.options = options;
        this.config = config;
        this.device = device;
        this.log = log;
    }

    /**
     * hsrl's behaviour loss (behaviorLr &gt; 0) clones the world's logged slates instead of the replayed ones
     * ({@link HsrlAgent#cloneLoggedSlates}); off by default.
     */
    public CatalogueComparison cloneLoggedSlates(boolean on) {
        this.cloneLogs = on;
        return this;
    }

    /** How hsrl's behaviour loss shapes the clone ({@link HsrlAgent#behaviorCloning}); off by default. */
    public CatalogueComparison behaviorCloning(io.hsrl.core.agent.BehaviorCloning c) {
        this.cloning = c;
        return this;
    }

    /** Codebook size for a catalogue: the power of two at or above ∛n, at least 8 (so that K^L ≥ n). */
    public static int codebookSize(int items, int levels) {
        int root = (int) Math.ceil(Math.pow(items, 1.0 / levels) - 1e-9);
        return Math.max(8, Integer.highestOneBit(Math.max(1, root - 1)) << 1);
    }

    public Report run() {
        List<Map<String, Object>> rows = new ArrayList<>();
        double maxChurn = options.churn().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        for (int n : options.sizes()) {
            long t0 = System.nanoTime();
            int perEvent = maxChurn == 0 ? 0 : Math.max(1, (int) Math.round(maxChurn * n));
            int universe = n + perEvent * options.maxChurnEvents();
            SyntheticWorld world = SyntheticWorld.create(SyntheticWorld.Config.scaled(universe, n, options.users(), options.worldSeed())
                    .withRowsPerUser(options.rowsPerUser()).withHistoryLength(config.maxSeqLen()));
            if (world.config().slateSize() != config.slateSize()) {
                throw new IllegalArgumentException("--slate-size must be " + world.config().slateSize() + " for synthetic catalogues");
            }
            LogDataset logged = world.log(LogFormat.RL4RS);
            double worldSeconds = (System.nanoTime() - t0) / 1e9;
            SidIndex index = null;
            double indexSeconds = 0;
            if (options.algorithms().contains("hsrl")) {
                long t1 = System.nanoTime();
                index = IndexBuilder.build(world.initialCatalogue(), new IndexOptions(options.levels(),
                        codebookSize(n, options.levels()), KMeansMode.PLAIN, options.worldSeed(), CollisionStrategy.EXTRA_LEVEL,
                        options.indexIterations()), BuildProgress.NONE);
                indexSeconds = (System.nanoTime() - t1) / 1e9;
            }
            log.printf(Locale.ROOT, "catalogue %d items (+%d arrivals), world %.1f s, index %.1f s (K=%d, L=%d)%n", n,
                    universe - n, worldSeconds, indexSeconds, codebookSize(n, options.levels()), options.levels());
            for (double churn : options.churn()) {
                for (String algorithm : options.algorithms()) {
                    for (long seed : options.seeds()) {
                        Map<String, Object> row = runOne(world, logged.train(), index, n, universe, churn, algorithm, seed);
                        row.put("worldSeconds", worldSeconds);
                        row.put("indexSeconds", indexSeconds);
                        rows.add(row);
                        log.println(row);
                    }
                }
            }
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("iterations", options.iterations());
        settings.put("seconds", options.seconds());
        settings.put("cpuSeconds", options.cpuSeconds());
        settings.put("episodes", options.episodes());
        settings.put("churnEvery", options.churnEvery());
        settings.put("evalAfterEvents", options.evalAfterEvents());
        settings.put("users", options.users());
        settings.put("worldSeed", options.worldSeed());
        settings.put("levels", options.levels());
        settings.put("episodeBatchSize", config.episodeBatchSize());
        settings.put("batchSize", config.batchSize());
        settings.put("startTimestamp", config.startTimestamp());
        settings.put("maxSeqLen", config.maxSeqLen());
        return new Report(settings, rows, ComparisonTable.summarise(rows));
    }

    private Map<String, Object> runOne(SyntheticWorld world, LoggedSlates starts, SidIndex index, int n, int universe,
                                       double churn, String algorithm, long seed) {
        // Training and evaluation catalogues follow the same churn sequence (same seed); every algorithm is evaluated
        // on the catalogue as it stands after evalAfterEvents events, whatever its training budget, so new-item shares
        // are comparable; churn goes on while evaluating.
        long churnSeed = seed * 7919 + 17;
        ChurningCatalogue catalogue = new ChurningCatalogue(n, universe, churn, options.churnEvery(), churnSeed);
        ChurningCatalogue evaluation = new ChurningCatalogue(n, universe, churn, options.churnEvery(), churnSeed);
        for (long i = 0; i < (long) options.evalAfterEvents() * options.churnEvery(); i++) {
            evaluation.advance();
        }
        EnvironmentConfig ec = EnvironmentConfig.rl4rs().withBatchSize(config.episodeBatchSize());
        ec = new EnvironmentConfig(ec.batchSize(), options.initialTemper(), ec.reward(), ec.sweetPoint(), ec.conversions());
        GroundTruthResponse truth = new GroundTruthResponse(world);
        Environment trainEnv = new Environment(truth, starts, ec);
        trainEnv.attach(catalogue);
        Environment evalEnv = new Environment(truth, starts, ec);
        evalEnv.attach(evaluation);
        Engine.getEngine("PyTorch").setRandomSeed((int) seed);
        Random random = new Random(seed);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("items", n);
        row.put("churn", churn);
        row.put("algorithm", algorithm);
        row.put("seed", seed);
        int k = config.slateSize();
        int maxSteps = Math.max(1000, options.episodes() * 50);
        ChurnEvaluation.Result r = null;
        if (algorithm.equals("hsrl") || algorithm.equals("a2c") || algorithm.equals("sl")) {
            double before = rssMiB();
            try (NDManager root = NDManager.newBaseManager(device)) {
                SlateAgent agent;
                LiveSidSpace space = null;
                Runnable switchToEvaluation;
                IntPredicate servable = i -> true;
                if (algorithm.equals("hsrl")) {
                    LiveSidSpace s = new LiveSidSpace(index.itemMap(), world.items(), n);
                    HsrlAgent h = new HsrlAgent(root, config, s, world.features(), seed);
                    if (cloneLogs) {
                        h.cloneLoggedSlates(starts);
                    }
                    h.behaviorCloning(cloning);
                    ChurningCatalogue.Listener follow = change -> {
                        for (int i : change.retired()) {
                            s.retire(i);
                        }
                        for (int i : change.arrived()) {
                            s.add(i);
                        }
                        h.catalogueChanged(change.arrived());
                    };
                    catalogue.addListener(follow);
                    evaluation.addListener(follow);
                    switchToEvaluation = () -> h.catalogueChanged(sync(s, evaluation));
                    agent = h;
                    space = s;
                    servable = s::isActive;
                } else if (algorithm.equals("sl")) {
                    agent = new SupervisedAgent(root, config, starts, seed);
                    switchToEvaluation = () -> {
                    };
                } else {
                    FlatA2cAgent f = new FlatA2cAgent(root, config, world.features(), seed);
                    f.remapCatalogue(catalogue.activeItems());
                    catalogue.addListener(change -> f.remapCatalogue(catalogue.activeItems()));
                    evaluation.addListener(change -> f.remapCatalogue(evaluation.activeItems()));
                    switchToEvaluation = () -> f.remapCatalogue(evaluation.activeItems());
                    agent = f;
                }
                try (agent) {
                    SimulatorEnvironment env = new SimulatorEnvironment(trainEnv, seed);
                    TrainingLoop loop = new TrainingLoop(agent, env, seed);
                    try {
                        warmUp(loop, env, catalogue, servable, random);
                        TrainingBudget.Spent spent = new TrainingBudget(options.iterations(), options.seconds(),
                                options.cpuSeconds()).train(loop, () -> { });
                        row.put("iterations", spent.iterations());
                        row.put("trainSeconds", spent.seconds());
                        row.put("iterationsPerSecond", spent.iterations() / Math.max(1e-9, spent.seconds()));
                        // CPU time of the training thread (libtorch runs on it with one intra-op thread): a rate that
                        // holds on a loaded machine
                        row.put("trainCpuSeconds", spent.cpuSeconds());
                        row.put("iterationsPerCpuSecond", spent.iterations() / Math.max(1e-9, spent.cpuSeconds()));
                        double after = rssMiB();
                        row.put("rssMiB", after);
                        row.put("agentMiB", after - before);
                        row.put("arrivedInTraining", catalogue.arrived());
                        switchToEvaluation.run();
                        r = ChurnEvaluation.run(Baselines.greedy(agent), new SimulatorEnvironment(evalEnv, 1000 + seed),
                                evaluation, k, options.episodes(), maxSteps, random);
                    } catch (IllegalStateException e) {
                        // a diverged run (non-finite logits) is a result to report, not the end of the comparison
                        row.put("failedAtIteration", loop.iteration());
                        row.put("error", e.getMessage());
                    }
                    if (space != null) {
                        row.put("unencodable", space.unencodable());
                        row.put("newItemQuantisationError", space.newItemError());
                        row.put("buildQuantisationError", space.map().buildError());
                    }
                }
            }
        } else {
            SimulatorEnvironment env = new SimulatorEnvironment(evalEnv, 1000 + seed);
            SlatePolicy p = algorithm.equals("random") ? ChurnPolicies.random(evaluation)
                    : algorithm.equals("oracle") ? new OraclePolicy(env, truth)
                    : ChurnPolicies.mostPopular(evaluation, histories(starts));
            row.put("rssMiB", rssMiB());
            r = ChurnEvaluation.run(p, env, evaluation, k, options.episodes(), maxSteps, random);
        }
        row.put("arrived", evaluation.arrived());
        row.put("activeItems", evaluation.size());
        if (r == null) {
            return row;
        }
        row.put("avgTotalReward", r.avgTotalReward());
        row.put("sdTotalReward", r.sdTotalReward());
        row.put("avgDepth", r.avgDepth());
        row.put("newItemReward", churn == 0 ? null : r.avgNewItemReward());
        row.put("newItemShare", r.newItemShare());
        row.put("newItemClickRate", Double.isNaN(r.newItemClickRate()) ? null : r.newItemClickRate());
        row.put("coverage", r.coverage());
        row.put("episodes", r.episodes());
        return row;
    }

    /**
     * Brings a live SID space to the evaluation catalogue: items it holds that are not active there retire first
     * (freeing their SIDs), then the evaluation catalogue's other items are encoded; returns those encoded.
     */
    private static int[] sync(LiveSidSpace space, ChurningCatalogue target) {
        for (int i = 0; i < target.universe(); i++) {
            if (space.isActive(i) && !target.isActive(i)) {
                space.retire(i);
            }
        }
        List<Integer> added = new ArrayList<>();
        for (int i = 0; i < target.universe(); i++) {
            if (target.isActive(i) && !space.isActive(i) && space.add(i) != null) {
                added.add(i);
            }
        }
        return added.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Random active slates until the replay buffer can be trained on (ε = 1, §7.3), over the changing catalogue; only
     * items the learner can serve itself ({@code servable}), so that every replayed action has a path in its space.
     */
    private void warmUp(TrainingLoop loop, SlateEnvironment env, ChurningCatalogue catalogue, IntPredicate servable,
                        Random random) {
        int need = Math.max(config.startTimestamp(), config.batchSize());
        SlatePolicy p = ChurnPolicies.random(catalogue, servable);
        while (loop.buffer().size() < need) {
            int[][] h = env.histories();
            int[][] slates = p.slates(h, config.slateSize(), random);
            SlateEnvironment.Step s = env.step(slates);
            loop.buffer().add(h, slates, s.rewards(), s.done(), s.feedback(), s.nextHistories());
        }
    }

    private static int[][] histories(LoggedSlates rows) {
        int[][] out = new int[rows.rows()][rows.historyLength()];
        for (int r = 0; r < out.length; r++) {
            rows.copyHistory(r, out[r], 0);
        }
        return out;
    }

    /** Resident set size of this process (Linux), MiB; NaN elsewhere. */
    static double rssMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
