package io.hsrl.trainer;

import io.hsrl.contracts.TrainInvocation;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What an agent is trained or evaluated in: the logged data, the simulator fitted on it, the Semantic-ID index. */
public class WorldOptions {
    @Mixin
    LogOptions log = new LogOptions();

    @Option(names = TrainInvocation.SIMULATOR,
            description = "Folder of a fitted user-response model (urm.json), local or s3://. "
            + "Default: none; train fits one on --data into <out>/simulator (reused by --resume), evaluate --model "
            + "takes the model's.")
    String simulator;

    @Option(names = TrainInvocation.INDEX,
            description = "The Semantic-ID index: its stats.json or folder, local or s3://. "
            + "Default: none; hsrl needs it.")
    String index;
}
