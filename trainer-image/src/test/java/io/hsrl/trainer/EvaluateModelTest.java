package io.hsrl.trainer;

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

import static io.hsrl.trainer.TrainerFixtures.args;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code evaluate --model}: which checkpoint it scores, a training that has not finished refused unless a checkpoint
 * is named, exactly the episodes asked for, {@code mode} only for hsrl; {@code train --resume} past a damaged checkpoint.
 */
@QuarkusMainTest
class EvaluateModelTest {
    @Test
    void scoresTheFinishedModelOrANamedCheckpoint(QuarkusMainLauncher launcher, @TempDir Path dir) throws Exception {
        TrainerFixtures.World w = TrainerFixtures.world(launcher, dir.toString(), Map.of());
        Path data = Path.of(w.data());
        Path sim = Path.of(w.simulator());
        Path index = Path.of(w.index());
        Path model = dir.resolve("model");
        String[] train = args("train", "--data", data.toString(), "--format", "rl4rs", "--simulator", sim.toString(),
                "--index", index.toString(), "--iterations", "4", "--checkpoint-every", "2", "--seed", "5",
                "--out", model.toString());
        LaunchResult trained = launcher.launch(train);
        assertThat(trained.exitCode()).as(trained.getErrorOutput()).isZero();
        assertThat(trained.getOutput()).contains("\"mode\" : \"hsrl\"");

        String finished = model.resolve("checkpoints/000000000004/manifest.json").toString();
        LaunchResult eval = launcher.launch("evaluate", "--model", model.toString(), "--episodes", "7", "--users", "4",
                "--device", "cpu");
        assertThat(eval.exitCode()).as(eval.getErrorOutput()).isZero();
        assertThat(eval.getErrorOutput()).contains("scoring " + finished + " (iteration 4 of 4, the finished model)");
        assertThat(eval.getOutput()).contains("\"model\" : \"" + finished + "\"").contains("\"iteration\" : 4")
                .contains("\"mode\" : \"hsrl\"").contains("\"episodes\" : 7,");

        // a training still going: its progress.json says Running
        Path progress = model.resolve("progress.json");
        String done = Files.readString(progress);
        Files.writeString(progress, done.replace("\"Complete\"", "\"Running\""));
        LaunchResult refused = launcher.launch("evaluate", "--model", model.toString(), "--episodes", "4", "--users", "4",
                "--device", "cpu");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.getErrorOutput()).contains("the training has not finished (progress.json says Running")
                .contains("--checkpoint <iteration> or latest (available: 2, 4)");
        LaunchResult named = launcher.launch("evaluate", "--model", model.toString(), "--checkpoint", "2",
                "--episodes", "4", "--users", "4", "--device", "cpu");
        assertThat(named.exitCode()).as(named.getErrorOutput()).isZero();
        assertThat(named.getErrorOutput()).contains("scoring " + model.resolve("checkpoints/000000000002/manifest.json")
                + " (iteration 2 of 4)");
        assertThat(named.getOutput()).contains("\"iteration\" : 2").contains("\"finished\" : false");
        LaunchResult unknown = launcher.launch("evaluate", "--model", model.toString(), "--checkpoint", "3",
                "--device", "cpu");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.getErrorOutput()).contains("--checkpoint 3: no such checkpoint");
        Files.writeString(progress, done);

        // resume past a damaged newest checkpoint: the previous good one, with a warning
        Path actor = model.resolve("checkpoints/000000000004/actor.bin");
        byte[] bytes = Files.readAllBytes(actor);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(actor, bytes);
        List<String> resume = new ArrayList<>(List.of(train));
        resume.set(resume.indexOf("4"), "6");
        resume.add("--resume");
        LaunchResult resumed = launcher.launch(resume.toArray(new String[0]));
        assertThat(resumed.exitCode()).as(resumed.getErrorOutput()).isZero();
        assertThat(resumed.getErrorOutput()).contains("warning: checkpoint " + finished + " is unreadable")
                .contains("falling back to the previous readable checkpoint")
                .contains("resuming from " + model.resolve("checkpoints/000000000002/manifest.json") + " (iteration 2)");
        assertThat(resumed.getOutput()).contains("000000000006/manifest.json");

        // baselines carry no policy mode
        LaunchResult random = launcher.launch("evaluate", "--algorithm", "random", "--data", data.toString(), "--format",
                "rl4rs", "--simulator", sim.toString(), "--episodes", "5", "--users", "4", "--device", "cpu");
        assertThat(random.exitCode()).as(random.getErrorOutput()).isZero();
        assertThat(random.getOutput()).doesNotContain("\"mode\"").contains("\"episodes\" : 5,");
        LaunchResult popular = launcher.launch(args("train", "--algorithm", "popular", "--data", data.toString(),
                "--format", "rl4rs", "--simulator", sim.toString(), "--out", dir.resolve("popular").toString()));
        assertThat(popular.exitCode()).as(popular.getErrorOutput()).isZero();
        assertThat(popular.getOutput()).doesNotContain("\"mode\"");
    }
}
