package io.hsrl.trainer;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.hsrl.artifact.CheckpointManifest;
import io.hsrl.contracts.Algorithm;
import io.hsrl.contracts.TrainInvocation;
import io.hsrl.core.agent.AgentConfig;
import io.hsrl.core.agent.Checkpoints;
import io.hsrl.core.agent.Objective;
import io.hsrl.core.simulator.Environment;
import io.hsrl.core.agent.SlateAgent;
import io.hsrl.core.agent.SimulatorEnvironment;
import io.hsrl.core.agent.TrainingLoop;
import io.hsrl.core.agent.TrainingRun;
import io.hsrl.store.Json;
import io.hsrl.store.ObjectStores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code trainer train}: trains an agent on the simulator, checkpoints to {@code <out>/checkpoints/}, progress to
 * {@code <out>/progress.json}; the final manifest is the model and records the data, simulator and index it was trained
 * with. Baselines without training (random, popular) publish a manifest only, so that {@code evaluate --model} treats
 * every algorithm alike.
 */
@Command(name = TrainInvocation.COMMAND,
        description = {"Train an agent on the simulator; checkpoints and model under --out.",
        "",
        "Without --simulator, a user-response model is first fitted on --data (--simulator-* options). --resume "
                + "continues from the newest checkpoint that reads back whole. Prints the model's manifest URI as JSON."})
public class TrainCommand implements Callable<Integer> {
    static final String BASELINE_FILE = "baseline.json";

    @Mixin
    WorldOptions inputs = new WorldOptions();
    @Option(names = TrainInvocation.SIMULATOR_EPOCHS, defaultValue = "" + TrainInvocation.DEFAULT_SIMULATOR_EPOCHS,
            description = "Epochs when fitting the simulator.")
    int simulatorEpochs;
    @Option(names = TrainInvocation.SIMULATOR_LEARNING_RATE,
            defaultValue = "" + TrainInvocation.DEFAULT_SIMULATOR_LEARNING_RATE,
            description = "Learning rate when fitting the simulator.")
    float simulatorLearningRate;
    @Option(names = TrainInvocation.SIMULATOR_L2, defaultValue = "" + TrainInvocation.DEFAULT_SIMULATOR_L2,
            description = "L2 coefficient when fitting the simulator.")
    float simulatorL2;
    @Option(names = TrainInvocation.ALGORITHM, defaultValue = Algorithm.DEFAULT_VALUE,
            description = "hsrl, a2c (flat item-level baseline), sl "
            + "(behaviour cloning on the logs), ddpg (latent action), random or popular.")
    String algorithm;
    @Option(names = TrainInvocation.ITERATIONS, defaultValue = "" + TrainInvocation.DEFAULT_ITERATIONS,
            description = "Training iterations (one environment step "
            + "and one gradient step each).")
    long iterations;
    @Option(names = TrainInvocation.CHECKPOINT_EVERY, defaultValue = "" + TrainInvocation.DEFAULT_CHECKPOINT_EVERY,
            description = "Iterations between checkpoints.")
    long checkpointEvery;
    @Option(names = TrainInvocation.SEED, defaultValue = "" + TrainInvocation.DEFAULT_SEED,
            description = "Seed of the agent, the environment and the simulator fit.")
    long seed;
    @Option(names = TrainInvocation.OUT, required = true, description = "Output prefix (local or s3://).")
    String out;
    @Option(names = TrainInvocation.RESUME, description = "Continue from the newest readable checkpoint "
            + "under --out (a damaged newest one is passed over with a warning). Default: off.")
    boolean resume;
    @Option(names = "--progress-seconds", defaultValue = "5", description = "Seconds between progress.json updates.")
    double progressSeconds;
    @Option(names = "--config", description = "Hyper-parameters (any option of this command, by its name as in the "
            + "flags or in camelCase) from a .yaml/.yml or .json file, local or s3://; flags given explicitly override it. "
            + "Default: none.")
    String configFile;
    @Option(names = "--reference-sids", description = "reference mode only: the Python reference's item → SID table "
            + "(the sid_index_item2sid.npy its build_item2sid.py writes) as the agent's SIDs instead of --index's: three "
            + "tokens, colliding items sharing one, items it lacks at (0,0,0), as the released code acts. Default: none.")
    String referenceSids;
    @Mixin
    ComputeOptions compute = new ComputeOptions();
    @Mixin
    AgentOptions agent = new AgentOptions();
    @Mixin
    ObjectiveOptions objective = new ObjectiveOptions();
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (configFile != null) {
            try (ObjectStores store = TrainerStore.open()) {
                ParameterFile.apply(spec, store, configFile);
            }
        }
        String alg = algorithm.toLowerCase(Locale.ROOT);
        LearningAgents.requireKnown(alg, "--algorithm");
        objective.validate();
        if (objective.type() != io.hsrl.contracts.ObjectiveType.ENGAGEMENT && !LearningAgents.takesReward(alg)) {
            throw new IllegalArgumentException("--objective " + objective.type().value() + " needs a learner that "
                    + "takes a reward (" + String.join(", ", LearningAgents.REWARD_LEARNERS) + "); --algorithm " + alg
                    + " does not");
        }
        AgentConfig config = agent.config();
        inputs.log.require();
        String data = inputs.log.data;
        String format = inputs.log.format;
        String index = inputs.index;
        if (referenceSids != null && !(alg.equals("hsrl") && config.mode() == io.hsrl.contracts.PolicyMode.REFERENCE)) {
            throw new IllegalArgumentException("--reference-sids needs --algorithm hsrl --mode reference");
        }
        if (alg.equals("hsrl") && index == null && referenceSids == null) {
            throw new IllegalArgumentException("--index is required for --algorithm hsrl");
        }
        Device d = compute.resolve();
        Engine.getEngine("PyTorch").setRandomSeed((int) seed);
        if (inputs.simulator == null) {
            inputs.simulator = fitSimulator(config, d);
        }
        String simulator = inputs.simulator;
        try (ObjectStores store = TrainerStore.open();
             AgentWorld loaded = AgentWorld.load(store, data, format, simulator, index, config.slateSize(),
                     config.maxSeqLen(), seed, d, System.err)) {
            AgentWorld world = referenceSids == null ? loaded : loaded.withReferenceSids(store, referenceSids, System.err);
            Map<String, Object> hyper = Json.MAPPER.convertValue(config, Map.class);
            if (alg.equals("ddpg")) {
                hyper.put("latentAction", agent.latent());
            }
            Environment environment = world.environment(config.episodeBatchSize(), agent.initialTemper);
            double behaviourCost = Objective.behaviourCostPerExposure(world.dataset.train(),
                    environment.config().conversions());
            Objective goal = objective.objective(behaviourCost);
            System.err.printf(Locale.ROOT, "objective %s; logging policy's cost per exposure on the training logs %.6f%s%n",
                    goal.type().value(), behaviourCost, goal.constrained()
                            ? String.format(Locale.ROOT, ", budget %s = %.6f per exposure", objective.budget(), goal.budget())
                            : "");
            hyper.put("objective", goal.type().value());
            if (goal.type() != io.hsrl.contracts.ObjectiveType.ENGAGEMENT) {
                hyper.put("costBudget", objective.budget().toString());
                hyper.put("dualStep", objective.dualStep);
                hyper.put("objectiveWindow", objective.window);
            }
            if (referenceSids != null) {
                hyper.put("referenceSids", referenceSids);
            }
            CheckpointManifest template = new CheckpointManifest(CheckpointManifest.SCHEMA_VERSION, 0, iterations, null,
                    alg, config.mode().value(), seed, index, simulator, data, world.format, null, hyper, null);
            Map<String, Object> result = new LinkedHashMap<>();
            String manifest;
            if (LearningAgents.learns(alg)) {
                SimulatorEnvironment env = new SimulatorEnvironment(environment, seed);
                try (NDManager root = NDManager.newBaseManager(d);
                     SlateAgent a = LearningAgents.withBehavior(
                             LearningAgents.create(alg, root, config, agent.latent(), world, seed), agent, world)) {
                    TrainingLoop loop = new TrainingLoop(a, env, seed, goal);
                    TrainingRun run = new TrainingRun(store, a, loop,
                            new TrainingRun.Settings(out, iterations, checkpointEvery, resume, progressSeconds, template),
                            System.err);
                    manifest = run.run();
                    result.put("metrics", run.metrics());
                    result.put("behaviourCostPerExposure", behaviourCost);
                }
            } else {
                Map<String, byte[]> files = new LinkedHashMap<>();
                files.put(BASELINE_FILE, Json.write(Map.of("algorithm", alg, "slateSize", config.slateSize())));
                CheckpointManifest done = new CheckpointManifest(template.schemaVersion(), 0, 0, null, alg,
                        template.mode(), seed, index, simulator, data, world.format, null, hyper, null);
                manifest = new Checkpoints(store, out).publish(done, files, true);
            }
            result.put("out", out);
            result.put("algorithm", alg);
            if (alg.equals("hsrl")) {
                result.put("mode", config.mode().value());
            }
            result.put("iterations", iterations);
            result.put("model", manifest);
            System.out.println(Json.writeString(result));
        }
        return 0;
    }

    /** Fits the simulator on --data into {@code <out>/simulator}, or reuses the one a previous attempt wrote there. */
    private String fitSimulator(AgentConfig config, Device d) throws Exception {
        String dir = io.hsrl.store.ObjectUri.resolve(out, "simulator");
        try (ObjectStores store = TrainerStore.open()) {
            if (store.exists(io.hsrl.store.ObjectUri.resolve(dir, io.hsrl.core.simulator.UserResponseModel.MANIFEST_FILE))) {
                System.err.println("using the simulator fitted earlier in " + dir);
                return dir;
            }
            io.hsrl.core.simulator.UserResponseTraining.Args defaults = io.hsrl.core.simulator.UserResponseTraining.Args.defaults();
            io.hsrl.core.simulator.UserResponseTraining.Args args = new io.hsrl.core.simulator.UserResponseTraining.Args(
                    simulatorEpochs, defaults.batchSize(), simulatorLearningRate, simulatorL2, seed, false,
                    defaults.validationFraction(), defaults.featureDimension(), defaults.hiddenDimension(),
                    defaults.heads(), defaults.dropout());
            SimulatorCommand.Fitted fitted = SimulatorCommand.fit(store, inputs.log.data, inputs.log.logFormat(), args,
                    new io.hsrl.core.data.LogReaders.Options(config.slateSize(), config.maxSeqLen(), seed), d, dir);
            System.err.printf(Locale.ROOT, "simulator fitted into %s (validation AUC %.3f)%n", dir, fitted.metrics().validationAuc());
            return dir;
        }
    }
}
