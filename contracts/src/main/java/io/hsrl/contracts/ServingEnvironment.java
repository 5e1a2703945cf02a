package io.hsrl.contracts;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The policy server's invocation: its pod environment. The operator's serving Deployment sets {@link #toEnv()}; the
 * server's configuration reads each variable as the property {@link Variable#property()} (under {@value #PREFIX}),
 * so a variable set here is a setting there.
 *
 * @param modelUri    a checkpoint manifest, a {@code latest.json} pointer, or a folder holding one
 * @param modelSha256 SHA-256 of the manifest the model URI resolves to; the server refuses a model whose manifest
 *                    differs (null: not checked)
 * @param slateSize   slate size when a request does not give one
 * @param beamWidth   prefixes kept per level by the beam search (hsrl mode)
 */
public record ServingEnvironment(String modelUri, String modelSha256, int slateSize, int beamWidth) {
    /** The server's configuration prefix. */
    public static final String PREFIX = "hsrl.serving";
    /** Property names under {@link #PREFIX} (constants, for the server's {@code @WithName}). */
    public static final String MODEL_URI_PROPERTY = "model-uri";
    public static final String MODEL_SHA256_PROPERTY = "model-sha256";
    public static final String SLATE_SIZE_PROPERTY = "default-slate-size";
    public static final String BEAM_WIDTH_PROPERTY = "beam-width";

    public static final int DEFAULT_SLATE_SIZE = 10;
    public static final int DEFAULT_BEAM_WIDTH = 16;

    /** Each environment variable and the server property it sets. */
    public enum Variable {
        MODEL_URI("HSRL_MODEL_URI", MODEL_URI_PROPERTY),
        MODEL_SHA256("HSRL_MODEL_SHA256", MODEL_SHA256_PROPERTY),
        SLATE_SIZE("HSRL_SLATE_SIZE", SLATE_SIZE_PROPERTY),
        BEAM_WIDTH("HSRL_BEAM_WIDTH", BEAM_WIDTH_PROPERTY);

        private final String env;
        private final String property;

        Variable(String env, String property) {
            this.env = env;
            this.property = property;
        }

        public String env() {
            return env;
        }

        /** The full property name, {@code hsrl.serving.<name>}. */
        public String property() {
            return PREFIX + "." + property;
        }
    }

    public ServingEnvironment {
        if (modelUri == null || modelUri.isBlank()) {
            throw new IllegalArgumentException(Variable.MODEL_URI.env + " must name the model");
        }
        if (modelSha256 != null && !modelSha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException(Variable.MODEL_SHA256.env + " must be a lower-case hex SHA-256, was '"
                    + modelSha256 + "'");
        }
        if (slateSize < 1) {
            throw new IllegalArgumentException(Variable.SLATE_SIZE.env + " must be ≥ 1, was " + slateSize);
        }
        if (beamWidth < 1) {
            throw new IllegalArgumentException(Variable.BEAM_WIDTH.env + " must be ≥ 1, was " + beamWidth);
        }
    }

    /** The variables in a fixed order (the pod template stays stable). */
    public Map<String, String> toEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(Variable.MODEL_URI.env, modelUri);
        if (modelSha256 != null) {
            env.put(Variable.MODEL_SHA256.env, modelSha256);
        }
        env.put(Variable.SLATE_SIZE.env, Integer.toString(slateSize));
        env.put(Variable.BEAM_WIDTH.env, Integer.toString(beamWidth));
        return env;
    }

    /** The inverse of {@link #toEnv()}; variables not set take the defaults, other variables are ignored. */
    public static ServingEnvironment fromEnv(Map<String, String> env) {
        return new ServingEnvironment(env.get(Variable.MODEL_URI.env), env.get(Variable.MODEL_SHA256.env),
                integer(env, Variable.SLATE_SIZE, DEFAULT_SLATE_SIZE),
                integer(env, Variable.BEAM_WIDTH, DEFAULT_BEAM_WIDTH));
    }

    /**
     * The server properties that the given environment sets (only the variables present): what the server's
     * configuration source reads.
     */
    public static Map<String, String> properties(Map<String, String> env) {
        Map<String, String> props = new LinkedHashMap<>();
        for (Variable v : Variable.values()) {
            String value = env.get(v.env);
            if (value != null && !value.isBlank()) {
                props.put(v.property(), value.trim());
            }
        }
        return props;
    }

    private static int integer(Map<String, String> env, Variable v, int dflt) {
        String s = env.get(v.env);
        if (s == null || s.isBlank()) {
            return dflt;
        }
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(v.env + " must be an integer, was '" + s + "'");
        }
    }
}
