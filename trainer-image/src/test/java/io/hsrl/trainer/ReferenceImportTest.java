package io.hsrl.trainer;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code simulator --import-reference} on the reference-trained fixture of the core module. */
@QuarkusMainTest
class ReferenceImportTest {
    private static final Path FIXTURE = Path.of("../core/src/test/resources/reference-urm");

    @Test
    void importsTheReferencesModelAsThisSimulatorsModel(QuarkusMainLauncher launcher, @TempDir Path dir) throws IOException {
        Path out = dir.resolve("urm");
        LaunchResult r = launcher.launch("simulator", "--import-reference", FIXTURE.resolve("npy").toString(),
                "--data", FIXTURE.toString(), "--format", "rl4rs", "--out", out.toString(), "--reference",
                "--device", "cpu");
        assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
        assertThat(r.getOutput()).contains("\"importedFrom\"").contains("\"validationRows\" : 16")
                .contains("\"reference\" : true");
        String manifest = Files.readString(out.resolve("urm.json"));
        assertThat(manifest).contains("\"profileDimension\" : 42").contains("\"reference\" : true");
        assertThat(out.resolve("urm.params")).exists();
    }

    @Test
    void aWrongFolderIsNamed(QuarkusMainLauncher launcher, @TempDir Path dir) {
        LaunchResult r = launcher.launch("simulator", "--import-reference", dir.toString(), "--data",
                FIXTURE.toString(), "--format", "rl4rs", "--out", dir.resolve("o").toString(), "--device", "cpu");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.getErrorOutput()).contains("error: " + dir + "/portrait_encoding_layer.layers.0.weight.npy: missing");
    }
}
