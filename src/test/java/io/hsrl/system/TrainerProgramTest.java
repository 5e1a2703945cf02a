package io.hsrl.system;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The trainer as its container runs it: `java -jar quarkus-run.jar <command>`, JSON on stdout, logs on stderr. */
class TrainerProgramTest {
    @TempDir
    Path work;

    @Test
    void thePackagedTrainerRunsAndReportsItsDevice() throws Exception {
        Programs.Result r = Programs.run(Programs.trainerJar(), Map.of("DJL_CACHE_DIR",
                System.getenv().getOrDefault("DJL_CACHE_DIR", System.getProperty("user.home") + "/.djl.ai")), work,
                "info", "--device", "auto");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout().trim()).startsWith("{").endsWith("}").contains("\"engine\" : \"PyTorch\"");
    }

    @Test
    void badArgumentsExitWithUsageAndNoStackTrace() throws Exception {
        Programs.Result r = Programs.run(Programs.trainerJar(), Map.of(), work, "no-such-command");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("no-such-command").doesNotContain("\tat ");
    }
}
