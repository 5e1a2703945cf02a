package io.hsrl.operator.realapi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link OperatorBench} launches the operator with the JVM options of the image's ENTRYPOINT, read from the Dockerfile. */
class DockerfileJvmOptionsTest {
    @Test
    void readsTheOptionsOfTheShippedEntrypoint() throws Exception {
        assertThat(OperatorBench.dockerfileJvmOptions(Path.of("Dockerfile")))
                .contains("-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError")
                .doesNotContain("java", "-jar", "/deployments/quarkus-run.jar");
    }

    @Test
    void refusesAnEntrypointItCannotRead(@TempDir Path dir) throws Exception {
        Path shell = dir.resolve("Dockerfile");
        Files.writeString(shell, "FROM x\nENTRYPOINT java -jar app.jar\n");
        assertThatThrownBy(() -> OperatorBench.dockerfileJvmOptions(shell)).hasMessageContaining("no exec-form ENTRYPOINT");
    }
}
