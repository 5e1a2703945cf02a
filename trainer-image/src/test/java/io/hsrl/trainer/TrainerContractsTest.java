package io.hsrl.trainer;

import io.hsrl.api.v1alpha1.HyperParameters;
import io.hsrl.contracts.Algorithm;
import io.hsrl.contracts.CollisionStrategy;
import io.hsrl.contracts.CostBudget;
import io.hsrl.contracts.ObjectiveType;
import io.hsrl.contracts.IndexInvocation;
import io.hsrl.contracts.ItemVectorFormat;
import io.hsrl.contracts.KMeansMode;
import io.hsrl.contracts.LogFormat;
import io.hsrl.contracts.PolicyMode;
import io.hsrl.contracts.TrainInvocation;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The trainer's half of the Job contracts: what the operator runs ({@link IndexInvocation#toArgs()},
 * {@link TrainInvocation#toArgs()}) is parsed in-process by the trainer's own picocli commands, and every field of
 * the invocation arrives in the option its constant names, with the same value. A field added to an invocation that
 * the command does not take, or takes as another value, fails here; so does a hyper-parameter of the HsrlTraining
 * spec that the {@code train} command has no option for.
 */
class TrainerContractsTest {

    private static ParseResult parse(List<String> args) {
        ParseResult top = new CommandLine(new TrainerCommand()).parseArgs(args.toArray(new String[0]));
        assertThat(top.hasSubcommand()).as("a subcommand in " + args).isTrue();
        return top.subcommand();
    }

    @Test
    void everyIndexInvocationFieldReachesTheIndexCommand() throws Exception {
        List<KMeansMode> modes = new java.util.ArrayList<>(List.of(KMeansMode.values()));
        modes.add(null);
        for (boolean balanced : new boolean[]{true, false}) {
            for (KMeansMode kmeans : modes) {
                IndexInvocation sent = new IndexInvocation("s3://items/catalog.npy", ItemVectorFormat.NPY, 4, 64,
                        balanced, kmeans, 1234, CollisionStrategy.REASSIGN, 17, "s3://hsrl/indexes/ns/items/uid/g2");
                ParseResult cmd = parse(sent.toArgs());
                assertThat(cmd.commandSpec().name()).isEqualTo(IndexInvocation.COMMAND);
                assertEveryFieldArrives(sent, cmd);
            }
        }
    }

    @Test
    void theIndexCommandsOptionalDefaultsAreTheSemanticIndexSpecs() {
        ParseResult cmd = parse(List.of(IndexInvocation.COMMAND, IndexInvocation.CATALOG, "items.npy",
                IndexInvocation.LEVELS, "3", IndexInvocation.CODEBOOK_SIZE, "16", IndexInvocation.OUT, "out"));
        io.hsrl.api.v1alpha1.SemanticIndexSpec spec = new io.hsrl.api.v1alpha1.SemanticIndexSpec();
        assertThat((Long) cmd.commandSpec().findOption(IndexInvocation.SEED).getValue()).as("--seed")
                .isEqualTo(spec.seed);
        assertThat((Integer) cmd.commandSpec().findOption(IndexInvocation.ITERATIONS).getValue()).as("--iterations")
                .isEqualTo(spec.iterations);
        assertThat(CollisionStrategy.parse(cmd.commandSpec().findOption(IndexInvocation.COLLISIONS).getValue()))
                .as("--collisions").isEqualTo(spec.collisions);
    }

    @Test
    void everyTrainInvocationFieldReachesTheTrainCommand() throws Exception {
        Map<String, String> hyper = hyperParametersOfTheSpec();
        TrainInvocation fitting = new TrainInvocation("s3://data/rl4rs", LogFormat.ML1M, "s3://i/stats.json",
                Algorithm.DDPG, PolicyMode.REFERENCE, 123, 45, 678, "s3://hsrl/trainings/ns/rl/uid", true, null, 3,
                0.002, 0.0005, hyper);
        TrainInvocation fitted = new TrainInvocation("s3://data/rl4rs", LogFormat.CSV, "s3://i/stats.json",
                Algorithm.A2C, PolicyMode.HSRL, 9, 3, 1, "s3://o", false, "s3://sim/urm", null, null, null, hyper);
        TrainInvocation constrained = new TrainInvocation("s3://data/rl4rs", LogFormat.RL4RS, "s3://i/stats.json",
                Algorithm.HSRL, PolicyMode.HSRL, 9, 3, 1, "s3://o", false, "s3://sim/urm", null, null, null, hyper,
                ObjectiveType.CONVERSIONS, CostBudget.parse("-10%"));
        for (TrainInvocation sent : List.of(fitting, fitted, constrained)) {
            ParseResult cmd = parse(sent.toArgs());
            assertThat(cmd.commandSpec().name()).isEqualTo(TrainInvocation.COMMAND);
            assertEveryFieldArrives(sent, cmd);
            for (Map.Entry<String, String> hp : sent.hyperParameters().entrySet()) {
                OptionSpec option = cmd.commandSpec().findOption("--" + hp.getKey());
                assertThat(option).as("train option --" + hp.getKey() + " (HsrlTraining hyperParameters)").isNotNull();
                assertSame("--" + hp.getKey(), hp.getValue(), option.getValue());
            }
        }
    }

    /** A spec that leaves hyperParameters out trains as the train command does without those options. */
    @Test
    void theTrainCommandsDefaultsAreTheHsrlTrainingSpecsHyperParameters() throws Exception {
        TrainInvocation bare = new TrainInvocation("s3://data/rl4rs", LogFormat.RL4RS, "s3://i/stats.json",
                Algorithm.HSRL, PolicyMode.HSRL, 9, 3, 1, "s3://o", false, "s3://sim/urm", null, null, null, Map.of());
        ParseResult cmd = parse(bare.toArgs());
        HyperParameters defaults = new HyperParameters();
        int checked = 0;
        for (Field f : HyperParameters.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) || !Modifier.isPublic(f.getModifiers())) {
                continue;
            }
            String name = "--" + f.getName().replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
            OptionSpec option = cmd.commandSpec().findOption(name);
            assertThat(option).as(name).isNotNull();
            Object spec = f.get(defaults);
            Object cli = option.getValue();
            if (spec instanceof Double d) {
                assertThat(((Number) cli).doubleValue()).as(name + " default").isEqualTo(d);
            } else if (spec instanceof Integer i) {
                assertThat(((Number) cli).intValue()).as(name + " default").isEqualTo(i);
            } else {
                assertThat(String.valueOf(cli)).as(name + " default").isEqualTo(String.valueOf(spec));
            }
            checked++;
        }
        assertThat(checked).isGreaterThan(20);
    }

    /** Every HyperParameters field of the HsrlTraining spec as the operator sends it, each set unlike its default. */
    private static Map<String, String> hyperParametersOfTheSpec() throws IllegalAccessException {
        Map<String, String> hp = new LinkedHashMap<>();
        HyperParameters defaults = new HyperParameters();
        int k = 3;
        for (Field f : HyperParameters.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) || !Modifier.isPublic(f.getModifiers())) {
                continue;
            }
            String name = f.getName().replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
            Object dflt = f.get(defaults);
            k++;
            hp.put(name, f.getType() == Double.class ? TrainInvocation.plain(0.0001 * k + (dflt == null ? 0 : 0.5))
                    : f.getType() == String.class ? ("replay".equals(dflt) ? "logs" : "replay")
                    : Integer.toString(k + (dflt == null ? 0 : ((Integer) dflt))));
        }
        return hp;
    }

    private static void assertEveryFieldArrives(Record sent, ParseResult cmd) throws Exception {
        for (RecordComponent c : sent.getClass().getRecordComponents()) {
            if (c.getName().equals("hyperParameters")) {
                continue;
            }
            Object value = c.getAccessor().invoke(sent);
            String constant = c.getName().replaceAll("([A-Z])", "_$1").toUpperCase(Locale.ROOT);
            String optionName = (String) sent.getClass().getField(constant).get(null);
            OptionSpec option = cmd.commandSpec().findOption(optionName);
            assertThat(option).as(c.getName() + " → " + optionName).isNotNull();
            if (value == null) {
                assertThat(cmd.hasMatchedOption(optionName)).as(optionName + " not given").isFalse();
                continue;
            }
            assertSame(c.getName() + " → " + optionName, value, option.getValue());
        }
    }

    private static void assertSame(String what, Object sent, Object parsed) throws Exception {
        if (sent instanceof Enum<?> e) {
            sent = e.getClass().getMethod("value").invoke(e);
        }
        if (parsed instanceof int[] a) {
            parsed = Arrays.stream(a).mapToObj(Integer::toString).collect(Collectors.joining(","));
        }
        if (sent instanceof Number || parsed instanceof Number) {
            double s = Double.parseDouble(sent.toString());
            double p = Double.parseDouble(parsed.toString());
            assertThat(p).as(what).isCloseTo(s, org.assertj.core.api.Assertions.within(Math.abs(s) * 1e-6));
        } else {
            assertThat(String.valueOf(parsed)).as(what).isEqualToIgnoringCase(String.valueOf(sent));
        }
    }
}
