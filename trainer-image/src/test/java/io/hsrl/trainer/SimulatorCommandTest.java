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
class SimulatorCommandTest {
    @Test
    void generatesRl4rsAndFitsTheSimulatorOnIt(QuarkusMainLauncher launcher, @TempDir Path dir) throws IOException {
        Path data = dir.resolve("rl4rs");
        LaunchResult gen = launcher.launch("generate", "--format", "rl4rs", "--items", "40", "--users", "80",
                "--rows-per-user", "4", "--seed", "3", "--out", data.toString());
        assertThat(gen.exitCode()).as(gen.getErrorOutput()).isZero();
        assertThat(gen.getOutput()).contains("\"format\" : \"rl4rs\"").contains("\"trainRows\"");
        assertThat(Files.readAllLines(data.resolve("item_info.csv"))).hasSize(41);
        assertThat(data.resolve("rl4rs_b_train.csv")).exists();
        assertThat(data.resolve("rl4rs_b_test.csv")).exists();

        Path model = dir.resolve("model");
        LaunchResult sim = launcher.launch("simulator", "--data", data.toString(), "--format", "rl4rs", "--out",
                model.toString(), "--epochs", "1", "--device", "cpu");
        assertThat(sim.exitCode()).as(sim.getErrorOutput()).isZero();
        assertThat(sim.getOutput()).contains("\"validationAuc\"").contains("\"validationRows\"");
        assertThat(sim.getErrorOutput()).contains("simulator [").contains("100%");
        assertThat(model.resolve("urm.json")).exists();
        assertThat(model.resolve("urm.params")).exists();
        assertThat(Files.readString(model.resolve("urm.json"))).contains("\"schemaVersion\" : 1");
    }

    @Test
    void badInputIsAClearError(QuarkusMainLauncher launcher, @TempDir Path dir) throws IOException {
        LaunchResult badFormat = launcher.launch("generate", "--format", "parquet", "--items", "40", "--users", "5",
                "--out", dir.toString());
        assertThat(badFormat.exitCode()).isEqualTo(2);
        assertThat(badFormat.getErrorOutput()).contains("error: log format must be rl4rs, ml1m, movielens or csv");

        Path data = dir.resolve("csv");
        assertThat(launcher.launch("generate", "--format", "csv", "--items", "20", "--users", "5", "--out",
                data.toString()).exitCode()).isZero();
        List<String> lines = Files.readAllLines(data.resolve("log.csv"));
        lines.set(3, "1,2,3,yes,0,0");
        Files.write(data.resolve("log.csv"), lines);
        LaunchResult bad = launcher.launch("simulator", "--data", data.toString(), "--format", "csv", "--out",
                dir.resolve("m").toString(), "--device", "cpu");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.getErrorOutput()).contains("error: " + data.resolve("log.csv") + ":4: click must be 0 or 1, was 'yes'")
                .doesNotContain("\tat ");

        LaunchResult missing = launcher.launch("simulator", "--data", dir.resolve("nothing").toString(), "--format",
                "rl4rs", "--out", dir.resolve("m").toString(), "--device", "cpu");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.getErrorOutput()).contains("error: ").contains("item_info.csv");
    }
}
