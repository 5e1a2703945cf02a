package io.hsrl.trainer;

import io.hsrl.contracts.LogFormat;
import io.hsrl.contracts.TrainInvocation;
import picocli.CommandLine.Option;

/** The logged data a command reads: {@code --data} and {@code --format}. */
public class LogOptions {
    @Option(names = TrainInvocation.DATA,
            description = "Logged data: a folder (rl4rs, ml1m) or a file or folder (movielens, csv), "
            + "local or s3://. Default: none; simulator and train need it, evaluate --model takes the model's.")
    String data;

    @Option(names = TrainInvocation.FORMAT, description = "The log format of --data: rl4rs, ml1m, movielens or csv. "
            + "Default: none; needed with --data.")
    String format;

    /** @throws IllegalArgumentException naming the options when either is missing */
    void require() {
        if (data == null || format == null) {
            throw new IllegalArgumentException("--data and --format are required");
        }
    }

    LogFormat logFormat() {
        require();
        return LogFormat.parse(format);
    }
}
