package io.hsrl.trainer;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@QuarkusMainTest
class ConvertCommandTest {
    @Test
    void convertsACsvLogToRl4rsFilesThatTheSimulatorReads(QuarkusMainLauncher launcher, @TempDir Path dir) throws IOException {
        Path csv = dir.resolve("csv");
        assertThat(launcher.launch("generate", "--format", "csv", "--items", "30", "--users", "40", "--rows-per-user",
                "3", "--seed", "2", "--out", csv.toString()).exitCode()).isZero();
        Files.writeString(csv.resolve("README.txt"), "terms of use\n");
        Path out = dir.resolve("rl4rs");
        LaunchResult conv = launcher.launch("convert", "--data", csv.toString(), "--format", "csv", "--out",
                out.toString(), "--test-fraction", "0.25");
        assertThat(conv.exitCode()).as(conv.getErrorOutput()).isZero();
        assertThat(conv.getOutput()).contains("\"items\" : 30").contains("\"testSplit\" : \"held-out users (0.25)\"");
        assertThat(Files.readString(out.resolve("README.txt"))).isEqualTo("terms of use\n");
        List<String> train = Files.readAllLines(out.resolve("rl4rs_b_train.csv"));
        List<String> test = Files.readAllLines(out.resolve("rl4rs_b_test.csv"));
        assertThat(train.size() + test.size() - 2).isEqualTo(120);
        assertThat(test.size()).isGreaterThan(1);

        LaunchResult sim = launcher.launch("simulator", "--data", out.toString(), "--format", "rl4rs", "--out",
                dir.resolve("urm").toString(), "--epochs", "1", "--device", "cpu");
        assertThat(sim.exitCode()).as(sim.getErrorOutput()).isZero();
        assertThat(sim.getOutput()).contains("\"validationRows\" : " + (test.size() - 1));
    }

    @Test
    void aBadLineIsNamed(QuarkusMainLauncher launcher, @TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n1,1,4.0,5\n1,2,x,6\n");
        LaunchResult bad = launcher.launch("convert", "--data", dir.toString(), "--format", "movielens", "--out",
                dir.resolve("out").toString());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.getErrorOutput()).contains("error: " + dir.resolve("ratings.csv") + ":3: rating is not a number: 'x'")
                .doesNotContain("\tat ");
    }
}
