package io.hsrl.trainer;

import io.hsrl.artifact.CheckpointManifest;
import io.hsrl.core.agent.Checkpoints;
import io.hsrl.contracts.LogFormat;
import io.hsrl.core.data.LogReaders;
import io.hsrl.core.sid.BuildProgress;
import io.hsrl.contracts.CollisionStrategy;
import io.hsrl.core.sid.IndexBuilder;
import io.hsrl.core.sid.IndexOptions;
import io.hsrl.core.sid.KMeansMode;
import io.hsrl.store.ObjectStores;
import io.hsrl.store.S3Settings;
import io.hsrl.store.testing.S3ProxyServer;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code train} (hyper-parameters from a YAML / JSON file, flags overriding it) and {@code evaluate --model s3://…}
 * against a real S3 server (s3proxy): the model's manifest names the data, simulator and index, so that evaluation
 * needs nothing but the model; the supervised and DDPG baselines go the same way.
 */
@QuarkusMainTest
class TrainOnS3Test {
    static final String[] SMALL = {"--episode-batch-size", "4", "--batch-size", "8", "--start-timestamp", "16",
        "--buffer-size", "200", "--d-model", "8", "--n-head", "2", "--n-layer", "1", "--d-forward", "16",
        "--critic-hidden-dims", "8,4", "--device", "cpu"};
    static Path dir;
    static S3ProxyServer s3;

    @BeforeAll
    static void start() throws IOException {
        dir = Files.createTempDirectory("train-s3");
        s3 = S3ProxyServer.start(dir.resolve("s3data"));
        s3.environment().forEach(System::setProperty);
    }

    @AfterAll
    static void stop() {
        for (String name : List.of(S3Settings.ENDPOINT, S3Settings.ACCESS_KEY, S3Settings.SECRET_KEY, S3Settings.REGION)) {
            System.clearProperty(name);
        }
        if (s3 != null) {
            s3.close();
        }
    }

    private static String[] args(String... first) {
        List<String> a = new ArrayList<>(List.of(first));
        a.addAll(List.of(SMALL));
        return a.toArray(new String[0]);
    }

    @Test
    void trainsFromAParameterFileAndEvaluatesTheModelFromS3Alone(QuarkusMainLauncher launcher) throws Exception {
        String data = "s3://hsrl/data/rl4rs";
        String sim = "s3://hsrl/models/urm";
        String index = "s3://hsrl/indexes/rl4rs";
        assertThat(launcher.launch("generate", "--format", "rl4rs", "--items", "40", "--users", "60",
                "--rows-per-user", "3", "--seed", "3", "--out", data).exitCode()).isZero();
        LaunchResult s = launcher.launch("simulator", "--data", data, "--format", "rl4rs", "--out", sim, "--epochs", "1",
                "--device", "cpu");
        assertThat(s.exitCode()).as(s.getErrorOutput()).isZero();
        try (ObjectStores store = ObjectStores.from(s3.environment())) {
            var items = LogReaders.read(store, data, LogFormat.RL4RS, LogReaders.Options.defaults()).features().items();
            IndexBuilder.build(items, new IndexOptions(2, 8, KMeansMode.BALANCED, 1, CollisionStrategy.EXTRA_LEVEL, 5),
                    BuildProgress.NONE).write(store, index);
            store.writeString("s3://hsrl/params/hsrl.yaml", """
                    # hyper-parameters of the run; --iterations on the command line wins
                    actorLr: 0.0005
                    entropy-coef: 0.05
                    iterations: 50
                    critic-hidden-dims: [8, 4]
                    """);
        }

        String model = "s3://hsrl/runs/hsrl";
        LaunchResult train = launcher.launch(args("train", "--config", "s3://hsrl/params/hsrl.yaml", "--data", data,
                "--format", "rl4rs", "--simulator", sim, "--index", index + "/stats.json", "--iterations", "3",
                "--checkpoint-every", "2", "--seed", "5", "--out", model));
        assertThat(train.exitCode()).as(train.getErrorOutput()).isZero();
        assertThat(train.getOutput()).contains("\"iterations\" : 3").contains(model + "/checkpoints/");
        try (ObjectStores store = ObjectStores.from(s3.environment())) {
            CheckpointManifest m = new Checkpoints(store, model).loadLatest().orElseThrow().manifest();
            assertThat(m.iteration()).isEqualTo(3);
            assertThat(m.algorithm()).isEqualTo("hsrl");
            assertThat(m.dataUri()).isEqualTo(data);
            assertThat(m.dataFormat()).isEqualTo("rl4rs");
            assertThat(m.simulatorUri()).isEqualTo(sim);
            assertThat(m.indexUri()).isEqualTo(index + "/stats.json");
            assertThat(m.hyperParameters()).containsEntry("actorLr", 0.0005).containsEntry("entropyCoef", 0.05)
                    .containsEntry("criticLr", 0.001); // file, file, §9.1 default
        }
        LaunchResult eval = launcher.launch("evaluate", "--model", model, "--episodes", "6", "--users", "4",
                "--seed", "9", "--device", "cpu");
        assertThat(eval.exitCode()).as(eval.getErrorOutput()).isZero();
        assertThat(eval.getOutput()).contains("\"algorithm\" : \"hsrl\"").contains("\"avgTotalReward\"");

        for (String alg : List.of("sl", "ddpg")) {
            String out = "s3://hsrl/runs/" + alg;
            LaunchResult t = launcher.launch(args("train", "--algorithm", alg, "--data", data, "--format", "rl4rs",
                    "--simulator", sim, "--iterations", "3", "--checkpoint-every", "2", "--seed", "5", "--out", out));
            assertThat(t.exitCode()).as(t.getErrorOutput()).isZero();
            assertThat(t.getOutput()).contains("\"algorithm\" : \"" + alg + "\"");
            LaunchResult e = launcher.launch("evaluate", "--model", out, "--episodes", "6", "--users", "4", "--seed", "9",
                    "--device", "cpu");
            assertThat(e.exitCode()).as(e.getErrorOutput()).isZero();
            assertThat(e.getOutput()).contains("\"algorithm\" : \"" + alg + "\"").contains("\"avgDepth\"");
        }
    }

    @Test
    void aParameterFileWithAnUnknownKeyIsRejected(QuarkusMainLauncher launcher) throws Exception {
        Path params = dir.resolve("params.json");
        Files.writeString(params, "{\"actorLr\": 0.001, \"actorLearningRate\": 0.1}");
        LaunchResult bad = launcher.launch("train", "--config", params.toString(), "--data", "unused", "--format", "rl4rs",
                "--out", dir.resolve("never").toString());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.getErrorOutput()).contains("error: " + params + ": unknown key 'actorLearningRate'");

        Files.writeString(params, "{\"batchSize\": \"many\"}");
        LaunchResult badValue = launcher.launch("train", "--config", params.toString(), "--data", "unused", "--format",
                "rl4rs", "--out", dir.resolve("never").toString());
        assertThat(badValue.exitCode()).isEqualTo(2);
        assertThat(badValue.getErrorOutput()).contains("error: " + params + ": key 'batchSize': 'many' is not a valid int");

        Path yaml = dir.resolve("params.toml");
        Files.writeString(yaml, "x = 1");
        LaunchResult badFormat = launcher.launch("train", "--config", yaml.toString(), "--data", "unused", "--format",
                "rl4rs", "--out", dir.resolve("never").toString());
        assertThat(badFormat.exitCode()).isEqualTo(2);
        assertThat(badFormat.getErrorOutput()).contains("expected a .yaml, .yml or .json file");
    }
}
