package io.hsrl.core.simulator;

import java.util.Map;

/**
 * {@code conversion.json}, beside {@code conversion.params} in a simulator's folder: the conversion model fitted on
 * the logs' clicked exposures ({@link FittedConversionModel}). A simulator folder without it is a click-only
 * simulator, whose environment keeps the hand-set {@link ConversionModel}.
 *
 * @param shape           the architecture of the scorer inside the {@link ConversionNetwork}
 * @param priceScale      the catalogue's log-price scale the model was fitted with (the environment's must equal it)
 * @param parameterShapes parameter name → shape, checked on load
 */
public record ConversionManifest(int schemaVersion, String kind, UserResponseShape shape,
                                 UserResponseTraining.Args args, ConversionMetrics metrics, PriceScale priceScale,
                                 Map<String, long[]> parameterShapes, String parametersFile) {
    public static final int SCHEMA_VERSION = 1;
    public static final String KIND = "hsrl-conversion-model";
}
