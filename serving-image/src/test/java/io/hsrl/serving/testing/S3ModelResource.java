package io.hsrl.serving.testing;

import io.hsrl.artifact.ModelManifest;
import io.hsrl.contracts.ServingEnvironment;
import io.hsrl.contracts.PolicyMode;
import io.hsrl.serving.config.ServingEnvironmentConfigSource;
import io.hsrl.store.ObjectStores;
import io.hsrl.store.testing.S3ProxyServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A real S3 server (s3proxy) started before Quarkus, holding a small model: arg {@code model} = {@code valid}
 * (published), {@code corrupt} (published, then a byte flipped) or {@code none} (the test publishes it later); other
 * args named {@code hsrl.*} or {@code quarkus.log.*} are passed as configuration, args named {@code HSRL_*} as the
 * pod environment (through the server's {@link ServingEnvironmentConfigSource}).
 * The server's settings and the model URI are handed to the application as configuration.
 */
public class S3ModelResource implements QuarkusTestResourceLifecycleManager {
    public static final String PREFIX = "s3://hsrl/demo";
    public static final String MODEL_URI = PREFIX + "/training/checkpoints/latest.json";
    public static final int ITEMS = 300;
    public static final long SEED = 7;

    private String model = "valid";
    /** Args named HSRL_*: the serving pod's environment ({@code HSRL_MODEL_SHA256=published}: the model's digest). */
    private Map<String, String> environment;
    private String digest;
    private final Map<String, String> extraConfig = new HashMap<>();
    private S3ProxyServer server;
    private Path dir;

    @Override
    public void init(Map<String, String> args) {
        model = args.getOrDefault("model", "valid");
        args.forEach((k, v) -> {
            if (k.startsWith("HSRL_")) {
                if (environment == null) {
                    environment = new HashMap<>();
                }
                environment.put(k, v);
            }
        });
        args.forEach((k, v) -> {
            if (k.startsWith("hsrl.") || k.startsWith("quarkus.log.")) {
                extraConfig.put(k, v);
            }
        });
    }

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("hsrl-serving-s3");
            server = S3ProxyServer.start(dir.resolve("data"));
            String uri = MODEL_URI;
            try (ObjectStores store = ObjectStores.of(server.settings())) {
                if (!model.equals("none")) {
                    var published = TestModels.publish(store, PREFIX, ITEMS, PolicyMode.HSRL, SEED);
                    if (model.equals("corrupt")) {
                        TestModels.corrupt(store, published);
                    }
                    digest = ModelManifest.resolve(store, MODEL_URI).sha256();
                } else {
                    store.writeString(PREFIX + "/README", "the model is published by the test");
                }
            }
            Map<String, String> config = new HashMap<>();
            if (environment != null) {
                // the pod environment the operator writes, read through the server's own configuration source
                Map<String, String> env = new HashMap<>(environment);
                env.put(ServingEnvironment.Variable.MODEL_URI.env(), uri);
                if ("published".equals(env.get(ServingEnvironment.Variable.MODEL_SHA256.env()))) {
                    env.put(ServingEnvironment.Variable.MODEL_SHA256.env(), digest);
                }
                config.putAll(new ServingEnvironmentConfigSource(env).getProperties());
            } else {
                config.put("hsrl.serving.model-uri", uri);
            }
            config.put("hsrl.serving.store.endpoint", server.endpoint());
            config.put("hsrl.serving.store.access-key", S3ProxyServer.ACCESS_KEY);
            config.put("hsrl.serving.store.secret-key", S3ProxyServer.SECRET_KEY);
            config.put("hsrl.serving.store.region", "us-east-1");
            config.putAll(extraConfig);
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
