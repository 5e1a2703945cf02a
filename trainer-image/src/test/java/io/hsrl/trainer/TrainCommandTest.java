package io.hsrl.trainer;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static io.hsrl.trainer.TrainerFixtures.args;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusMainTest
class TrainCommandTest {
    @Test
    void trainsResumesAndEvaluatesOnLocalPaths(QuarkusMainLauncher launcher, @TempDir Path dir) throws Exception {
        TrainerFixtures.World w = TrainerFixtures.world(launcher, dir.toString(), Map.of());
        Path data = Path.of(w.data());
        Path sim = Path.of(w.simulator());
        Path index = Path.of(w.index());
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
