package io.hsrl.trainer;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.hsrl.artifact.CheckpointManifest;
import io.hsrl.core.agent.AgentConfig;
import io.hsrl.core.agent.Baselines;
import io.hsrl.core.agent.Checkpoints;
import io.hsrl.core.agent.DdpgAgent;
import io.hsrl.core.agent.LatentActionConfig;
import io.hsrl.core.agent.SlateAgent;
import io.hsrl.core.agent.Evaluation;
import io.hsrl.core.agent.FlatA2cAgent;
import io.hsrl.core.agent.HsrlAgent;
import io.hsrl.core.agent.SimulatorEnvironment;
import io.hsrl.core.agent.SlatePolicy;
import io.hsrl.core.agent.TrainingRun;
import io.hsrl.store.Json;
import io.hsrl.store.ObjectStores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * {@code trainer evaluate --model M --episodes 200 --seed 9}: greedy episodes on the simulator the model was trained
 * with (actor in eval mode), JSON on stdout: average total reward (± sd), depth, reward per step, coverage. Without a
 * model: {@code --algorithm random|popular --data D --format F --simulator SIM}.
 */
@Command(name = "evaluate", description = {"Score a model or a baseline with greedy simulated episodes.",
        "",
        "--model scores the final model of a finished training; a training that is still running (or stopped before "
                + "its end) is refused unless --checkpoint names the checkpoint to score. The checkpoint scored is "
                + "named on stderr and in the JSON. Without --model: --algorithm random or popular on --data, --format "
                + "and --simulator."})
public class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--model", description = "Output prefix of a train run (its checkpoints/latest.json names the model). "
            + "Default: none; then --algorithm random|popular.")
    String model;
    @Option(names = "--checkpoint", description = "With --model: the checkpoint to score, by iteration (e.g. 2000), "
            + "'latest' or its manifest URI. Default: none (the finished model).")
    String checkpoint;
    @Option(names = "--algorithm", description = "Without --model: random or popular. Default: none.")
    String algorithm;
    @Mixin
    WorldOptions inputs = new WorldOptions();
    @Option(names = "--episodes", defaultValue = "200", description = "Episodes to evaluate (exactly this many count).")
    int episodes;
    @Option(names = "--users", defaultValue = "32", description = "Parallel sessions.")
    int users;
    @Option(names = "--initial-temper", defaultValue = "20", description = "Initial temper of a simulated user (the "
            + "patience an episode starts with).")
    int initialTemper;
    @Option(names = "--slate-size", defaultValue = "9", description = "Slate size K for random and popular (a model uses its own).")
    int slateSize;
    @Option(names = "--max-seq-len", defaultValue = "50", description = "History length for random and popular (a model uses its own).")
    int maxSeqLen;
    @Option(names = "--seed", defaultValue = "9", description = "Seed of the evaluation sessions.")
    long seed;
    @Option(names = "--reference-sids", description = "With --model of hsrl in reference mode: the Python reference's "
            + "item → SID table (sid_index_item2sid.npy) the model acts in, instead of the index. Default: the table the "
            + "training was given (its --reference-sids), if any.")
    String referenceSids;
    @Mixin
    ComputeOptions compute = new ComputeOptions();

    @Override
    public Integer call() throws Exception {
        if (episodes < 1) {
            throw new IllegalArgumentException("--episodes must be at least 1, was " + episodes);
        }
        if (checkpoint != null && model == null) {
            throw new IllegalArgumentException("--checkpoint needs --model");
        }
        Device d = compute.resolve();
        Engine.getEngine("PyTorch").setRandomSeed((int) seed);
        try (ObjectStores store = TrainerStore.open()) {
            String alg;
            AgentConfig config = null;
            Checkpoints.Loaded loaded = null;
            String data = inputs.log.data;
            String format = inputs.log.format;
            String simulator = inputs.simulator;
            String index = inputs.index;
            if (model != null) {
                loaded = ModelCheckpoint.choose(store, model, checkpoint);
                CheckpointManifest m = loaded.manifest();
                System.err.printf(Locale.ROOT, "scoring %s (iteration %d of %d%s)%n", loaded.manifestUri(), m.iteration(),
                        m.totalIterations(), loaded.complete() ? ", the finished model" : "");
                alg = m.algorithm();
                data = m.dataUri();
                format = m.dataFormat();
                simulator = m.simulatorUri();
                index = m.indexUri();
                if (referenceSids == null && m.hyperParameters() != null
                        && m.hyperParameters().get("referenceSids") instanceof String trained) {
                    referenceSids = trained;
                }
                if (referenceSids != null && !("hsrl".equals(alg) && "reference".equals(m.mode()))) {
                    throw new IllegalArgumentException("--reference-sids needs a --model trained with --algorithm hsrl "
                            + "--mode reference; " + loaded.manifestUri() + " is " + alg
                            + (m.mode() == null ? "" : " in mode " + m.mode()));
                }
                if (loaded.files().containsKey(TrainingRun.AGENT_FILE)) {
                    config = Json.read(loaded.files().get(TrainingRun.AGENT_FILE), AgentConfig.class, loaded.manifestUri());
                    slateSize = config.slateSize();
                    maxSeqLen = config.maxSeqLen();
                }
            } else {
                if (algorithm == null) {
                    throw new IllegalArgumentException("give --model, or --algorithm random|popular with --data, --format, --simulator");
                }
                alg = algorithm.toLowerCase(Locale.ROOT);
                if (referenceSids != null) {
                    throw new IllegalArgumentException("--reference-sids needs --model (an hsrl model in reference mode)");
                }
                if (!alg.equals("random") && !alg.equals("popular")) {
                    throw new IllegalArgumentException("--algorithm " + algorithm + " needs a trained --model");
                }
            }
            boolean needsIndex = alg.equals("hsrl") && referenceSids == null;
            try (AgentWorld loadedWorld = AgentWorld.load(store, data, format, simulator, needsIndex ? index : null,
                    slateSize, maxSeqLen, seed, d, System.err)) {
                AgentWorld world = referenceSids == null ? loadedWorld
                        : loadedWorld.withReferenceSids(store, referenceSids, System.err);
                if (alg.equals("hsrl") && world.sids == null) {
                    throw new IllegalArgumentException(loaded.manifestUri() + " names no index; give --reference-sids "
                            + "if it was trained in the reference's SID table");
                }
                SimulatorEnvironment env = new SimulatorEnvironment(world.environment(users, initialTemper), seed);
                int items = world.dataset.features().size();
                int k = world.urm.shape().slateSize();
                Evaluation.Result r;
                if (alg.equals("hsrl")) {
                    try (NDManager root = NDManager.newBaseManager(d);
                         HsrlAgent agent = new HsrlAgent(root, config, world.sids, world.dataset.features(), seed)) {
                        agent.restoreActor(loaded.files().get("actor.bin"), loaded.manifestUri());
                        r = run(Baselines.greedy(agent), env, k, items);
                    }
                } else if (alg.equals("a2c")) {
                    try (NDManager root = NDManager.newBaseManager(d);
                         FlatA2cAgent agent = new FlatA2cAgent(root, config, world.dataset.features(), seed)) {
                        agent.restoreActor(loaded.files().get("actor.bin"), loaded.manifestUri());
                        r = run(Baselines.greedy(agent), env, k, items);
                    }
                } else if (alg.equals("sl") || alg.equals("ddpg")) {
                    LatentActionConfig latent = alg.equals("ddpg")
                            ? DdpgAgent.latentOf(loaded.files(), loaded.manifestUri()) : null;
                    try (NDManager root = NDManager.newBaseManager(d);
                         SlateAgent agent = LearningAgents.create(alg, root, config, latent, world, seed)) {
                        agent.restore(loaded.files(), loaded.manifestUri());
                        r = run(Baselines.greedy(agent), env, k, items);
                    }
                } else {
                    SlatePolicy p = alg.equals("random") ? Baselines.random(items)
                            : Baselines.mostPopular(items, world.loggedHistories());
                    r = run(p, env, k, items);
                }
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("algorithm", alg);
                if (alg.equals("hsrl") && config != null) {
                    out.put("mode", config.mode().value());
                }
                if (loaded != null) {
                    out.put("model", loaded.manifestUri());
                    out.put("iteration", loaded.manifest().iteration());
                    out.put("finished", loaded.complete());
                }
                out.put("avgTotalReward", r.avgTotalReward());
                out.put("sdTotalReward", r.sdTotalReward());
                out.put("avgDepth", r.avgDepth());
                out.put("avgRewardPerStep", r.avgRewardPerStep());
                out.put("coverage", r.coverage());
                out.put("episodes", r.episodes());
                out.put("steps", r.steps());
                out.put("clicksPerExposure", r.clicksPerExposure());
                out.put("conversionsPerExposure", r.conversionsPerExposure());
                out.put("costPerExposure", r.costPerExposure());
                System.out.println(Json.writeString(out));
            }
        }
        return 0;
    }

    private Evaluation.Result run(SlatePolicy policy, SimulatorEnvironment env, int k, int items) {
        return Evaluation.run(policy, env, k, items, episodes, Math.max(1000, episodes * 50), new Random(seed));
    }
}
