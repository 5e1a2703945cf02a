package io.hsrl.serving.config;

import io.hsrl.contracts.ServingEnvironment;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.Map;
import java.util.Set;

/**
 * The pod environment the operator sets ({@link ServingEnvironment}) as server properties: {@code HSRL_BEAM_WIDTH}
 * becomes {@code hsrl.serving.beam-width}, and so on, by the contract's own table. It ranks above
 * application.properties and below real environment variables and system properties named after the properties.
 */
public class ServingEnvironmentConfigSource implements ConfigSource {
    static final int ORDINAL = 275;
    private final Map<String, String> properties;

    public ServingEnvironmentConfigSource() {
        this(System.getenv());
    }

    public ServingEnvironmentConfigSource(Map<String, String> env) {
        this.properties = Map.copyOf(ServingEnvironment.properties(env));
    }

    @Override
    public Map<String, String> getProperties() {
        return properties;
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public String getValue(String name) {
        return properties.get(name);
    }

    @Override
    public String getName() {
        return "hsrl-serving-environment";
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }
}
