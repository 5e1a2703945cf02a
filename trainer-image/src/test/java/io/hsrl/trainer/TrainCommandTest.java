package io.hsrl.trainer;

import io.hsrl.contracts.LogFormat;
import io.hsrl.core.data.LogReaders;
import io.hsrl.core.sid.BuildProgress;
import io.hsrl.contracts.CollisionStrategy;
import io.hsrl.core.sid.IndexBuilder;
import io.hsrl.core.sid.IndexOptions;
import io.hsrl.core.sid.KMeansMode;
import io.hsrl.store.ObjectStores;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@QuarkusMainTest
class TrainCommandTest {
    private static final String[] SMALL = {"--episode-batch-size", "4", "--batch-size", "8", "--start-timestamp", "16",
        "--buffer-size", "200", "--d-model", "8", "--n-head", "2", "--n-layer", "1", "--d-forward", "16",
        "--critic-hidden-dims", "8,4", "--device", "cpu"};

    private static String[] args(String... first) {
        List<String> a = new ArrayList<>(List.of(first));
        a.addAll(List.of(SMALL));
        return a.toArray(new String[0]);
    }

    @Test
    void trainsResumesAndEvaluatesOnLocalPaths(QuarkusMainLauncher launcher, @TempDir Path dir) throws Exception {
        Path data = dir.resolve("rl4rs");
        assertThat(launcher.launch("generate", "--format", "rl4rs", "--items", "40", "--users", "60",
                "--rows-per-user", "3", "--seed", "3", "--out", data.toString()).exitCode()).isZero();
        Path sim = dir.resolve("sim");
        LaunchResult s = launcher.launch("simulator", "--data", data.toString(), "--format", "rl4rs", "--out",
                sim.toString(), "--epochs", "1", "--device", "cpu");
        assertThat(s.exitCode()).as(s.getErrorOutput()).isZero();
        Path index = dir.resolve("index");
        try (ObjectStores store = ObjectStores.from(Map.of())) {
            var items = LogReaders.read(store, data.toString(), LogFormat.RL4RS, LogReaders.Options.defaults())
                    .features().items();
            IndexBuilder.build(items, new IndexOptions(2, 8, KMeansMode.BALANCED, 1, CollisionStrategy.EXTRA_LEVEL, 5),
                    BuildProgress.NONE).write(store, index.toString());
        }
        Path out = dir.resolve("model");
        LaunchResult train = launcher.launch(args("train", "--data", data.toString(), "--format", "rl4rs", "--simulator",
                sim.toString(), "--index", index.resolve("stats.json").toString(), "--iterations", "4",
                "--checkpoint-every", "2", "--seed", "5", "--out", out.toString()));
        assertThat(train.exitCode()).as(train.getErrorOutput()).isZero();
        assertThat(train.getOutput()).contains("\"algorithm\" : \"hsrl\"").contains("000000000004/manifest.json");
        assertThat(Files.readString(out.resolve("checkpoints/latest.json"))).contains("\"complete\" : true");
        assertThat(Files.readString(out.resolve("progress.json"))).contains("\"state\" : \"Complete\"");

        LaunchResult resume = launcher.launch(args("train", "--data", data.toString(), "--format", "rl4rs", "--simulator",
                sim.toString(), "--index", index.toString(), "--iterations", "6", "--checkpoint-every", "2", "--seed", "5",
                "--out", out.toString(), "--resume"));
        assertThat(resume.exitCode()).as(resume.getErrorOutput()).isZero();
        assertThat(resume.getErrorOutput()).contains("resuming from").contains("(iteration 4)");
        assertThat(resume.getOutput()).contains("000000000006/manifest.json");

        LaunchResult eval = launcher.launch("evaluate", "--model", out.toString(), "--episodes", "8", "--users", "4",
                "--seed", "9", "--device", "cpu");
        assertThat(eval.exitCode()).as(eval.getErrorOutput()).isZero();
        assertThat(eval.getOutput()).contains("\"avgTotalReward\"").contains("\"avgDepth\"").contains("\"coverage\"");

        LaunchResult random = launcher.launch("evaluate", "--algorithm", "random", "--data", data.toString(), "--format",
                "rl4rs", "--simulator", sim.toString(), "--episodes", "8", "--users", "4", "--device", "cpu");
        assertThat(random.exitCode()).as(random.getErrorOutput()).isZero();
        assertThat(random.getOutput()).contains("\"algorithm\" : \"random\"");

        LaunchResult compare = launcher.launch(args("compare", "--data", data.toString(), "--format", "rl4rs",
                "--simulator", sim.toString(), "--index", index.toString(), "--algorithms", "hsrl,a2c,sl,ddpg,random,popular",
                "--modes", "hsrl,reference", "--seeds", "1,2", "--iterations", "3", "--episodes", "4"));
        assertThat(compare.exitCode()).as(compare.getErrorOutput()).isZero();
        assertThat(compare.getOutput()).contains("\"summary\"").contains("\"meanTotalReward\"")
                .contains("\"mode\" : \"reference\"").contains("\"algorithm\" : \"popular\"").contains("\"algorithm\" : \"a2c\"")
                .contains("\"algorithm\" : \"sl\"").contains("\"algorithm\" : \"ddpg\"");
        assertThat(compare.getErrorOutput()).contains("total reward");

        LaunchResult bad = launcher.launch("train", "--data", data.toString(), "--format", "rl4rs", "--simulator",
                sim.toString(), "--out", out.toString(), "--algorithm", "dqn");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.getErrorOutput()).contains("error: --algorithm dqn is not available; use one of hsrl, a2c, sl, ddpg");
    }
}
