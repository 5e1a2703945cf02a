package io.hsrl.core.simulator;

import ai.djl.Device;
import io.hsrl.core.data.LogDataset;
import io.hsrl.core.data.Rl4rsLogReader;
import io.hsrl.store.FileSystemObjectStore;
import io.hsrl.store.ObjectStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The Python reference's trained URM (src/test/resources/reference-urm, see its README) gives the same clicks here. */
class ReferenceUserResponseTest {
    private static final ObjectStore STORE = new FileSystemObjectStore();
    private static Path fixture;
    private static LogDataset data;

    @BeforeAll
    static void read() throws URISyntaxException, IOException {
        fixture = Path.of(ReferenceUserResponseTest.class.getResource("/reference-urm/item_info.csv").toURI()).getParent();
        data = new Rl4rsLogReader(50).read(STORE, fixture.toString());
    }

    private static float[][] expected() throws IOException {
        List<String> lines = Files.readAllLines(fixture.resolve("expected_click_probabilities.csv"));
        float[][] out = new float[lines.size()][];
        for (int r = 0; r < out.length; r++) {
            String[] f = lines.get(r).split(",");
            out[r] = new float[f.length];
            for (int k = 0; k < f.length; k++) {
                out[r][k] = Float.parseFloat(f[k]);
            }
        }
        return out;
    }

    @Test
    void clickProbabilitiesEqualTheReferences() throws IOException {
        float[][] expected = expected();
        assertThat(expected).hasNumberOfRows(data.test().rows());
        try (UserResponseModel model = ReferenceUserResponse.load(STORE, fixture.resolve("npy").toString(), data,
                "fixture", false, Device.cpu())) {
            assertThat(model.shape()).isEqualTo(new UserResponseShape(42, 40, 9, 50, 16, 256, 2, 0.2f, false));
            UserResponseModel.InputBatch in = new UserResponseModel.InputBatch(model.shape(), expected.length);
            in.fill(data.test(), null, 0, expected.length);
            float[] p = model.clickProbabilities(in.profiles(expected.length), in.history(expected.length),
                    in.exposure(expected.length), expected.length);
            double maxDiff = 0;
            for (int r = 0; r < expected.length; r++) {
                for (int k = 0; k < 9; k++) {
                    maxDiff = Math.max(maxDiff, Math.abs(p[r * 9 + k] - expected[r][k]));
                    assertThat((double) p[r * 9 + k]).as("row %d position %d", r, k).isCloseTo(expected[r][k], within(1e-5));
                }
            }
            System.out.println("reference URM parity: max |p_java - p_reference| = " + maxDiff);
            // the probabilities are not trivially equal (a trained model, not an untrained one near 0.5)
            assertThat(Stream.of(expected).flatMapToDouble(row -> {
                double[] d = new double[row.length];
                for (int i = 0; i < row.length; i++) {
                    d[i] = Math.abs(row[i] - 0.5);
                }
                return java.util.Arrays.stream(d);
            }).max().orElse(0)).isGreaterThan(0.3);
            assertThat(model.metrics().validationRows()).isEqualTo(expected.length);
        }
    }

    @Test
    void savedAndLoadedAsThisSimulatorsModelItStillAgrees(@TempDir Path dir) throws IOException {
        try (UserResponseModel imported = ReferenceUserResponse.load(STORE, fixture.resolve("npy").toString(), data,
                "fixture", true, Device.cpu())) {
            assertThat(imported.dropoutInSimulation()).isTrue();
            imported.save(STORE, dir.toString());
        }
        try (UserResponseModel loaded = UserResponseModel.load(STORE, dir.toString(), Device.cpu())) {
            float[] scores = loaded.scores(data.test(), 8);
            float[][] expected = expected();
            for (int r = 0; r < expected.length; r++) {
                for (int k = 0; k < 9; k++) {
                    double p = 1 / (1 + Math.exp(-scores[r * 9 + k]));
                    assertThat(p).isCloseTo(expected[r][k], within(1e-5));
                }
            }
        }
    }

    @Test
    void aMissingOrMisshapenTensorIsNamed(@TempDir Path dir) throws IOException {
        Path npy = dir.resolve("npy");
        Files.createDirectories(npy);
        try (Stream<Path> files = Files.list(fixture.resolve("npy"))) {
            for (Path f : files.toList()) {
                Files.copy(f, npy.resolve(f.getFileName()));
            }
        }
        Files.delete(npy.resolve("seq_user_attn_layer.out_proj.bias.npy"));
        assertThatThrownBy(() -> ReferenceUserResponse.load(STORE, npy.toString(), data, null, false, Device.cpu()))
                .hasMessage(npy + "/seq_user_attn_layer.out_proj.bias.npy: missing (one .npy per state-dict tensor is expected)");
        Files.copy(npy.resolve("item_emb_layer.bias.npy"), npy.resolve("seq_user_attn_layer.out_proj.bias.npy"));
        Files.copy(npy.resolve("seq_self_attn_layer.in_proj_bias.npy"), npy.resolve("seq_user_attn_layer.out_proj.bias.npy"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> ReferenceUserResponse.load(STORE, npy.toString(), data, null, false, Device.cpu()))
                .hasMessage(npy + "/seq_user_attn_layer.out_proj.bias.npy: shape [48], the architecture needs [16]");
    }
}
