package io.hsrl.trainer;

import io.hsrl.artifact.CheckpointManifest;
import io.hsrl.core.agent.Checkpoints;
import io.hsrl.store.ObjectStores;
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
import java.util.List;

import static io.hsrl.trainer.TrainerFixtures.args;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code train} (hyper-parameters from a YAML / JSON file, flags overriding it) and {@code evaluate --model s3://…}
 * against a real S3 server (s3proxy): the model's manifest names the data, simulator and index, so that evaluation
 * needs nothing but the model; the supervised and DDPG baselines go the same way.
 */
@QuarkusMainTest
class TrainOnS3Test {
    static Path dir;
    static S3ProxyServer s3;

    @BeforeAll
    static void start() throws IOException {
        dir = Files.createTempDirectory("train-s3");
        s3 = TrainerFixtures.startS3(dir);
    }

    @AfterAll
    static void stop() {
        TrainerFixtures.stopS3(s3);
    }

    @Test
    void trainsFromAParameterFileAndEvaluatesTheModelFromS3Alone(QuarkusMainLauncher launcher) throws Exception {
        TrainerFixtures.World w = TrainerFixtures.world(launcher, "s3://hsrl/fixture", s3.environment());
        String data = w.data();
        String sim = w.simulator();
        String index = w.index();
        try (ObjectStores store = ObjectStores.from(s3.environment())) {
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
