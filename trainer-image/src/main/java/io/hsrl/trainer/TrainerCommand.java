package io.hsrl.trainer;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/**
 * The trainer program: {@code java -jar trainer-image/target/quarkus-app/quarkus-run.jar <command> ...}. Results are
 * JSON on stdout; progress and logs go to stderr. Object-store settings come from the environment
 * ({@code HSRL_S3_ENDPOINT}, {@code HSRL_S3_ACCESS_KEY}, {@code HSRL_S3_SECRET_KEY}).
 */
@TopCommand
@Command(name = "trainer", mixinStandardHelpOptions = true, showDefaultValues = true, scope = ScopeType.INHERIT,
        version = "hsrl-trainer 0.1.0",
        description = {"HSRL trainer: builds Semantic-ID indexes, simulators and policies, and evaluates them.",
                "Results are JSON on stdout; progress and logs go to stderr. Paths are local or s3:// (object-store "
                        + "settings from HSRL_S3_ENDPOINT, HSRL_S3_ACCESS_KEY, HSRL_S3_SECRET_KEY)."},
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {InfoCommand.class, IndexCommand.class, GenerateCommand.class, ConvertCommand.class,
                SimulatorCommand.class,
                TrainCommand.class, EvaluateCommand.class, CompareCommand.class})
public class TrainerCommand {
}
