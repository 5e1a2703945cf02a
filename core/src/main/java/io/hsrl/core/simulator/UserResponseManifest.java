package io.hsrl.core.simulator;

import java.util.Map;

/**
 * {@code urm.json}, beside {@code urm.params}: what is needed to rebuild the model and the environment around it
 * (the reference keeps these as two Namespace lines in a log file, §2 "Env ↔ URM coupling").
 *
 * @param data      where the model was fitted (episodes start from the same training rows, §1.3)
 * @param parameterShapes parameter name → shape, checked on load
 */
public record UserResponseManifest(int schemaVersion, String kind, UserResponseShape shape,
                                   UserResponseTraining.Args args, UserResponseMetrics metrics, DataRef data,
                                   Map<String, long[]> parameterShapes, String parametersFile) {
    public static final int SCHEMA_VERSION = 1;
    public static final String KIND = "hsrl-user-response-model";

    /** The dataset a model was fitted on. */
    public record DataRef(String uri, String format, int historyLength, int slateSize) {
    }
}
