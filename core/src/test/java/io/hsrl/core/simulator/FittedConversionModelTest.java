package io.hsrl.core.simulator;

import ai.djl.Device;
import io.hsrl.contracts.LogFormat;
import io.hsrl.core.data.LogDataset;
import io.hsrl.core.data.LoggedSlates;
import io.hsrl.core.data.SyntheticWorld;
import io.hsrl.store.FileSystemObjectStore;
import io.hsrl.store.Json;
import io.hsrl.store.ObjectStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FittedConversionModelTest {
    private static SyntheticWorld world;
    private static LogDataset data;
    private static UserResponseModel model;

    @BeforeAll
    static void fit() {
        world = SyntheticWorld.create(SyntheticWorld.Config.of(120, 400, 3).withRowsPerUser(8));
        data = world.log(LogFormat.RL4RS);
        model = UserResponseTraining.fit(data, "mem://synthetic",
                UserResponseTraining.Args.defaults().withEpochs(6).withLearningRate(3e-3f),
                Device.cpu(), null);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** The AUC the world's own conversion probabilities reach on the held-out clicked items (the ceiling). */
    private static double groundTruthAuc(LoggedSlates rows) {
        int k = rows.slateSize();
        float[] p = new float[rows.rows() * k];
        float[] y = new float[rows.rows() * k];
        int n = 0;
        for (int r = 0; r < rows.rows(); r++) {
            for (int q = 0; q < k; q++) {
                if (rows.feedback(r, q) > 0) {
                    p[n] = (float) world.conversionProbability((int) rows.user(r), rows.item(r, q));
                    y[n++] = rows.conversion(r, q);
                }
            }
        }
        return Auc.of(p, y, n);
    }

    @Test
    void ranksHeldOutConversionsBetterThanTheHandSetFormula() {
        assertThat(model.conversions()).as("logs with conversions get a conversion model").isNotNull();
        ConversionMetrics m = model.conversions().metrics();
        double ceiling = groundTruthAuc(data.test());
        System.out.println("conversion model " + m + ", ground-truth AUC " + ceiling);
        long clicked = 0;
        for (int r = 0; r < data.test().rows(); r++) {
            for (int q = 0; q < data.test().slateSize(); q++) {
                clicked += data.test().feedback(r, q) > 0 ? 1 : 0;
            }
        }
        assertThat(m.validationClicks()).as("evaluated on the clicked held-out items only").isEqualTo(clicked);
        assertThat(m.validationConversions()).isPositive().isLessThan(clicked);
        // measured (seed 3): fitted AUC 0.646, log-loss 0.543; hand-set formula 0.640, 0.616; ground truth 0.671.
        // The hand-set formula has the world's own form and price weight, so the fitted model's lead in ranking is
        // small at this size; its calibration (log-loss) is far better
        assertThat(m.validationAuc()).isGreaterThan(m.handSetValidationAuc()).isLessThanOrEqualTo(ceiling + 0.02);
        assertThat(m.validationLoss()).isLessThan(m.handSetValidationLoss() - 0.03);
    }

    @Test
    void savesBesideTheClickModelAndLoadsBack(@TempDir Path dir) throws IOException {
        ObjectStore store = new FileSystemObjectStore();
        model.save(store, dir.toString());
        assertThat(Files.exists(dir.resolve("conversion.params"))).isTrue();
        Map<?, ?> manifest = Json.read(Files.readAllBytes(dir.resolve("conversion.json")), Map.class, "conversion.json");
        assertThat(manifest.get("kind")).isEqualTo(ConversionManifest.KIND);
        assertThat(manifest.get("schemaVersion")).isEqualTo(ConversionManifest.SCHEMA_VERSION);
        assertThat(((Map<?, ?>) manifest.get("metrics")).get("validationAuc")).isInstanceOf(Double.class);
        assertThat(((Map<?, ?>) manifest.get("priceScale")).get("sdLogPrice")).isInstanceOf(Double.class);
        UserResponseModel.InputBatch in = new UserResponseModel.InputBatch(model.shape(), 4);
        in.fill(data.test(), null, 0, 4);
        float[] z = new float[4 * 9];
        Arrays.fill(z, 0.5f);
        float[] expected = model.conversions().probabilities(in.profiles(4), in.history(4), in.exposure(4), z, 4);
        try (UserResponseModel back = UserResponseModel.load(store, dir.toString(), Device.cpu())) {
            assertThat(back.conversions()).isNotNull();
            assertThat(back.conversions().probabilities(in.profiles(4), in.history(4), in.exposure(4), z, 4))
                    .containsExactly(expected);
            assertThat(back.conversions().metrics()).isEqualTo(model.conversions().metrics());
            assertThat(back.conversions().priceScale()).isEqualTo(PriceScale.of(data.train().features().items()));
        }
        // a damaged parameters file is an error naming it
        byte[] params = Files.readAllBytes(dir.resolve("conversion.params"));
        Files.write(dir.resolve("conversion.params"), Arrays.copyOf(params, params.length / 2));
        assertThatThrownBy(() -> UserResponseModel.load(store, dir.toString(), Device.cpu()))
                .hasMessageContaining("conversion.params");
        Files.write(dir.resolve("conversion.params"), params);
        // a manifest of another kind or schema is an error naming it
        String json = Files.readString(dir.resolve("conversion.json"));
        Files.writeString(dir.resolve("conversion.json"), json.replace("\"schemaVersion\" : 1", "\"schemaVersion\" : 7"));
        assertThatThrownBy(() -> UserResponseModel.load(store, dir.toString(), Device.cpu()))
                .hasMessageContaining("conversion.json").hasMessageContaining("schemaVersion 7");
        Files.writeString(dir.resolve("conversion.json"), "{ not json");
        assertThatThrownBy(() -> UserResponseModel.load(store, dir.toString(), Device.cpu()))
                .hasMessageContaining("conversion.json");
        // a simulator written before conversion models existed loads as a click model with the hand-set formula
        Files.delete(dir.resolve("conversion.json"));
        Files.delete(dir.resolve("conversion.params"));
        try (UserResponseModel old = UserResponseModel.load(store, dir.toString(), Device.cpu())) {
            assertThat(old.conversions()).isNull();
            assertThat(ResponseModel.of(old).conversionProbabilities(null, z)).isNull();
            // saving a click model alone over a folder with a conversion model removes the stale one
            Files.writeString(dir.resolve("conversion.json"), json);
            Files.write(dir.resolve("conversion.params"), params);
            old.save(store, dir.toString());
            assertThat(Files.exists(dir.resolve("conversion.json"))).isFalse();
            assertThat(Files.exists(dir.resolve("conversion.params"))).isFalse();
        }
    }

    /** Clicks every item; converts each click with probability {@code conversion} (null: no conversion model). */
    private record Stub(UserResponseShape shape, float[] conversion, PriceScale scale) implements ResponseModel {
        @Override
        public float[] clickProbabilities(Exposure e) {
            float[] p = new float[e.batch() * shape.slateSize()];
            Arrays.fill(p, 1f);
            return p;
        }

        @Override
        public float[] conversionProbabilities(Exposure e, float[] priceZ) {
            if (conversion == null) {
                return null;
            }
            float[] p = new float[e.batch() * shape.slateSize()];
            for (int i = 0; i < p.length; i++) {
                p[i] = conversion[i % conversion.length];
            }
            return p;
        }

        @Override
        public PriceScale conversionPriceScale() {
            return scale;
        }
    }

    private static long conversions(ResponseModel simulator) {
        Environment env = new Environment(simulator, data.train(), EnvironmentConfig.rl4rs().withBatchSize(8));
        env.reset(5);
        int[] slate = new int[8 * 9];
        for (int i = 0; i < slate.length; i++) {
            slate[i] = i % 100;
        }
        long converted = 0;
        for (int t = 0; t < 20; t++) {
            for (float c : env.step(slate).conversions()) {
                converted += (long) c;
            }
        }
        return converted;
    }

    @Test
    void theEnvironmentDrawsConversionsFromTheSimulatorsModelWhenItHasOne() {
        UserResponseShape shape = model.shape();
        PriceScale scale = PriceScale.of(data.train().features().items());
        long served = 20L * 8 * 9;
        assertThat(conversions(new Stub(shape, new float[]{1f}, scale))).isEqualTo(served);
        assertThat(conversions(new Stub(shape, new float[]{0f}, scale))).isZero();
        // every third slot converts: positions 0, 3, 6 of each slate
        assertThat(conversions(new Stub(shape, new float[]{1f, 0f, 0f}, scale))).isEqualTo(served / 3);
        // without one, the hand-set formula: some clicks convert, not all
        assertThat(conversions(new Stub(shape, null, null))).isBetween(1L, served - 1);
        assertThatThrownBy(() -> new Environment(new Stub(shape, new float[]{1f}, new PriceScale(0, 1)), data.train(),
                EnvironmentConfig.rl4rs())).hasMessageContaining("log-price scale");
    }
}
