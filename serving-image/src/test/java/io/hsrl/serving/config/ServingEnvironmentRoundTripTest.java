package io.hsrl.serving.config;

import io.hsrl.contracts.ServingEnvironment;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The serving half of the pod-environment contract: every field of {@link ServingEnvironment}, written as the pod's
 * environment, is read back by the server's own {@link ServingConfig} mapping with the same value. A field added to
 * the contract and not mapped by the server fails here.
 */
class ServingEnvironmentRoundTripTest {
    /** Contract field → the server setting that must hold it. */
    private static final Map<String, java.util.function.Function<ServingConfig, Object>> SERVER_SETTING = Map.of(
            "modelUri", c -> c.modelUri().orElse(null),
            "modelSha256", c -> c.modelSha256().orElse(null),
            "slateSize", ServingConfig::defaultSlateSize,
            "beamWidth", ServingConfig::beamWidth);

    private static ServingConfig serverConfig(Map<String, String> env) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withConverter(java.time.Duration.class, 100, new io.quarkus.runtime.configuration.DurationConverter())
                .withSources(new ServingEnvironmentConfigSource(env))
                .withMapping(ServingConfig.class)
                .build();
        return config.getConfigMapping(ServingConfig.class);
    }

    @Test
    void everyContractFieldReachesTheServerConfiguration() throws Exception {
        ServingEnvironment sent = new ServingEnvironment("s3://models/x/checkpoints/latest.json", "ab".repeat(32), 5, 4);
        ServingConfig config = serverConfig(sent.toEnv());
        for (RecordComponent c : ServingEnvironment.class.getRecordComponents()) {
            assertThat(SERVER_SETTING).as("server setting for contract field " + c.getName())
                    .containsKey(c.getName());
            assertThat(SERVER_SETTING.get(c.getName()).apply(config)).as(c.getName())
                    .isEqualTo(c.getAccessor().invoke(sent));
        }
    }

    @Test
    void unsetVariablesLeaveTheContractDefaults() {
        ServingConfig config = serverConfig(Map.of("HSRL_MODEL_URI", "/models/m"));
        assertThat(config.modelUri()).contains("/models/m");
        assertThat(config.modelSha256()).isEqualTo(Optional.empty());
        assertThat(config.defaultSlateSize()).isEqualTo(ServingEnvironment.DEFAULT_SLATE_SIZE);
        assertThat(config.beamWidth()).isEqualTo(ServingEnvironment.DEFAULT_BEAM_WIDTH);
    }
}
