package io.hsrl.contracts;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The trainer's invocation: the trainer image's {@code train} command. The operator's training Job runs
 * {@link #toArgs()}; the command's options are named by the constants here. Either {@code simulator} (a fitted
 * user-response model) is given, or the trainer fits one first with the {@code simulator*} settings.
 *
 * @param hyperParameters the agent's hyper-parameters as {@code option name (without --) → value}, each an option
 *                        of the {@code train} command
 * @param objective       what the agent maximises (null: {@link ObjectiveType#DEFAULT})
 * @param costBudget      the cost per exposure a {@code conversions} objective may spend (null: {@link CostBudget#DEFAULT})
 */
public record TrainInvocation(String data, LogFormat format, String index, Algorithm algorithm, PolicyMode mode,
        long iterations, long checkpointEvery, long seed, String out, boolean resume, String simulator,
        Integer simulatorEpochs, Double simulatorLearningRate, Double simulatorL2,
        Map<String, String> hyperParameters, ObjectiveType objective, CostBudget costBudget) {
    public static final String COMMAND = "train";
    public static final String DATA = "--data";
    public static final String FORMAT = "--format";
    public static final String INDEX = "--index";
    public static final String ALGORITHM = "--algorithm";
    public static final String MODE = "--mode";
    public static final String ITERATIONS = "--iterations";
    public static final String CHECKPOINT_EVERY = "--checkpoint-every";
    public static final String SEED = "--seed";
    public static final String OUT = "--out";
    public static final String RESUME = "--resume";
    public static final String SIMULATOR = "--simulator";
    public static final String SIMULATOR_EPOCHS = "--simulator-epochs";
    public static final String SIMULATOR_LEARNING_RATE = "--simulator-learning-rate";
    public static final String SIMULATOR_L2 = "--simulator-l2";
    public static final String OBJECTIVE = "--objective";
    public static final String COST_BUDGET = "--cost-budget";

    public static final int DEFAULT_ITERATIONS = 50000;
    public static final int DEFAULT_CHECKPOINT_EVERY = 1000;
    public static final long DEFAULT_SEED = 7;
    public static final int DEFAULT_SIMULATOR_EPOCHS = 2;
    public static final double DEFAULT_SIMULATOR_LEARNING_RATE = 1e-3;
    public static final double DEFAULT_SIMULATOR_L2 = 3e-4;

    /** With the default objective (engagement). */
    public TrainInvocation(String data, LogFormat format, String index, Algorithm algorithm, PolicyMode mode,
            long iterations, long checkpointEvery, long seed, String out, boolean resume, String simulator,
            Integer simulatorEpochs, Double simulatorLearningRate, Double simulatorL2,
            Map<String, String> hyperParameters) {
        this(data, format, index, algorithm, mode, iterations, checkpointEvery, seed, out, resume, simulator,
                simulatorEpochs, simulatorLearningRate, simulatorL2, hyperParameters, null, null);
    }

    public TrainInvocation {
        objective = objective == null ? ObjectiveType.DEFAULT : objective;
        costBudget = costBudget == null ? CostBudget.DEFAULT : costBudget;
        hyperParameters = hyperParameters == null ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(hyperParameters));
        for (String name : hyperParameters.keySet()) {
            if (OPTIONS.contains("--" + name)) {
                throw new IllegalArgumentException("hyper-parameter '" + name + "' collides with the option --" + name);
            }
        }
        if (simulator != null && simulator.isBlank()) {
            simulator = null;
        }
        if (simulator == null && (simulatorEpochs == null || simulatorLearningRate == null || simulatorL2 == null)) {
            throw new IllegalArgumentException("without a simulator URI the simulator's epochs, learning rate and L2 "
                    + "are needed to fit one");
        }
    }

    private static final Set<String> OPTIONS = Set.of(DATA, FORMAT, INDEX, ALGORITHM, MODE, ITERATIONS,
            CHECKPOINT_EVERY, SEED, OUT, RESUME, SIMULATOR, SIMULATOR_EPOCHS, SIMULATOR_LEARNING_RATE, SIMULATOR_L2,
            OBJECTIVE, COST_BUDGET);

    public List<String> toArgs() {
        List<String> args = new ArrayList<>(List.of(COMMAND,
                DATA, data,
                FORMAT, format.value()));
        if (index != null) {
            args.addAll(List.of(INDEX, index));
        }
        args.addAll(List.of(
                ALGORITHM, algorithm.value(),
                MODE, mode.value(),
                ITERATIONS, Long.toString(iterations),
                CHECKPOINT_EVERY, Long.toString(checkpointEvery),
                SEED, Long.toString(seed),
                OUT, out));
        if (resume) {
            args.add(RESUME);
        }
        if (simulator != null) {
            args.addAll(List.of(SIMULATOR, simulator));
        } else {
            args.addAll(List.of(SIMULATOR_EPOCHS, Integer.toString(simulatorEpochs),
                    SIMULATOR_LEARNING_RATE, CommandLineArgs.plain(simulatorLearningRate),
                    SIMULATOR_L2, CommandLineArgs.plain(simulatorL2)));
        }
        args.addAll(List.of(OBJECTIVE, objective.value(), COST_BUDGET, costBudget.toString()));
        hyperParameters.forEach((name, value) -> args.addAll(List.of("--" + name, value)));
        return args;
    }

    /** The inverse of {@link #toArgs()}: options not named here are hyper-parameters. */
    public static TrainInvocation parse(List<String> args) {
        CommandLineArgs a = CommandLineArgs.parse(args, COMMAND, Set.of(RESUME));
        String epochs = a.optional(SIMULATOR_EPOCHS);
        String lr = a.optional(SIMULATOR_LEARNING_RATE);
        String l2 = a.optional(SIMULATOR_L2);
        String objective = a.optional(OBJECTIVE);
        String budget = a.optional(COST_BUDGET);
        TrainInvocation inv = new TrainInvocation(a.required(DATA), LogFormat.parse(a.required(FORMAT)),
                a.optional(INDEX), Algorithm.parse(a.required(ALGORITHM)), PolicyMode.parse(a.required(MODE)),
                Long.parseLong(a.required(ITERATIONS)), Long.parseLong(a.required(CHECKPOINT_EVERY)),
                Long.parseLong(a.required(SEED)), a.required(OUT), a.flag(RESUME), a.optional(SIMULATOR),
                epochs == null ? null : Integer.valueOf(epochs), lr == null ? null : Double.valueOf(lr),
                l2 == null ? null : Double.valueOf(l2), hyper(a.options),
                objective == null ? null : ObjectiveType.parse(OBJECTIVE, objective),
                budget == null ? null : CostBudget.parse(COST_BUDGET, budget));
        return inv;
    }

    private static Map<String, String> hyper(Map<String, String> rest) {
        Map<String, String> hp = new LinkedHashMap<>();
        rest.forEach((k, v) -> hp.put(k.substring(2), v));
        return hp;
    }

    /** A decimal as the trainer's picocli reads it: no exponent, no trailing zeros (1e-5 → 0.00001). */
    public static String plain(double d) {
        return CommandLineArgs.plain(d);
    }
}
