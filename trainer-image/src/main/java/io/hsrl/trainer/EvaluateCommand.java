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
import io.hsrl.core.engine.ComputeDevice;
import io.hsrl.store.Json;
import io.hsrl.store.ObjectStores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * {@code trainer evaluate --model M --episodes 200 --seed 9}: greedy episodes on the simulator the model was trained
 * with (hsrl-reference.md §7.5; actor in eval mode), JSON on stdout: average total reward (± sd), depth, reward per
 * step, coverage. Without a model: {@code --algorithm random|popular --data D --format F --simulator SIM}.
 */
@Command(name = "evaluate", description = "Evaluate a trained model or a baseline with greedy episodes on the simulator.")
public class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--model", description = "Output prefix of a train run (its checkpoints/latest.json names the model).")
    String model;
    @Option(names = "--algorithm", description = "Without --model: random or popular.")
    String algorithm;
    @Option(names = "--data") String data;
    @Option(names = "--format") String format;
    @Option(names = "--simulator") String simulator;
    @Option(names = "--index") String index;
    @Option(names = "--episodes", defaultValue = "200") int episodes;
    @Option(names = "--users", defaultValue = "32", description = "Parallel sessions (default: ${DEFAULT-VALUE}).")
    int users;
    @Option(names = "--initial-temper", defaultValue = "20") int initialTemper;
    @Option(names = "--slate-size", defaultValue = "9") int slateSize;
    @Option(names = "--max-seq-len", defaultValue = "50") int maxSeqLen;
    @Option(names = "--seed", defaultValue = "9") long seed;
    @Option(names = "--device", defaultValue = "auto") String device;

    @Override
    public Integer call() throws Exception {
        Device d = ComputeDevice.resolve(device);
        Engine.getEngine("PyTorch").setRandomSeed((int) seed);
        try (ObjectStores store = TrainerStore.open()) {
            String alg;
            AgentConfig config = null;
            Checkpoints.Loaded loaded = null;
            if (model != null) {
                loaded = new Checkpoints(store, model).loadLatest().orElseThrow(() ->
                        new IllegalArgumentException("--model " + model + ": no checkpoints/latest.json under it"));
                CheckpointManifest m = loaded.manifest();
                alg = m.algorithm();
                data = m.dataUri();
                format = m.dataFormat();
                simulator = m.simulatorUri();
                index = m.indexUri();
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
                if (!alg.equals("random") && !alg.equals("popular")) {
                    throw new IllegalArgumentException("--algorithm " + algorithm + " needs a trained --model");
                }
            }
            boolean needsIndex = alg.equals("hsrl");
            try (AgentWorld world = AgentWorld.load(store, data, format, simulator, needsIndex ? index : null, slateSize,
                    maxSeqLen, seed, d, System.err)) {
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
                out.put("mode", config == null ? null : config.mode().value());
                out.put("model", loaded == null ? null : loaded.manifestUri());
                out.put("avgTotalReward", r.avgTotalReward());
                out.put("sdTotalReward", r.sdTotalReward());
                out.put("avgDepth", r.avgDepth());
                out.put("avgRewardPerStep", r.avgRewardPerStep());
                out.put("coverage", r.coverage());
                out.put("episodes", r.episodes());
                out.put("steps", r.steps());
                System.out.println(Json.writeString(out));
            }
        }
        return 0;
    }

    private Evaluation.Result run(SlatePolicy policy, SimulatorEnvironment env, int k, int items) {
        return Evaluation.run(policy, env, k, items, episodes, Math.max(1000, episodes * 50), new Random(seed));
    }
}
