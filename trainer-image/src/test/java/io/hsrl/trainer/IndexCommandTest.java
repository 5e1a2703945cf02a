package io.hsrl.trainer;

import io.hsrl.artifact.IndexStats;
import io.hsrl.core.catalog.ItemTableReader;
import io.hsrl.core.sid.ItemSidMap;
import io.hsrl.core.sid.SidIndex;
import io.hsrl.store.Json;
import io.hsrl.store.ObjectStores;
import io.hsrl.store.testing.S3ProxyServer;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

@QuarkusMainTest
class IndexCommandTest {
    static Path dir;
    static S3ProxyServer s3;

    @BeforeAll
    static void start() throws IOException {
        dir = Files.createTempDirectory("index-command");
        s3 = TrainerFixtures.startS3(dir);
    }

    @AfterAll
    static void stop() {
        TrainerFixtures.stopS3(s3);
    }

    /** {@code item_id,f1..fd} rows; rows 1 and 2 copy row 0, so that some SIDs collide. */
    static String csv(int n, int d, long seed) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder("item_id");
        for (int t = 1; t <= d; t++) {
            sb.append(",f").append(t);
        }
        sb.append('\n');
        String first = null;
        for (int i = 0; i < n; i++) {
            StringBuilder row = new StringBuilder();
            for (int t = 0; t < d; t++) {
                row.append(',').append(String.format(Locale.ROOT, "%.5f", r.nextGaussian()));
            }
            if (i == 0) {
                first = row.toString();
            }
            sb.append(1000 + i).append(i == 1 || i == 2 ? first : row).append('\n');
        }
        return sb.toString();
    }

    /**
     * The JSON result. The in-process launcher also captures Quarkus' start-up log lines as output (the packaged
     * program logs to stderr), so the document is taken from its first brace.
     */
    static IndexStats printed(LaunchResult result) throws IOException {
        String out = result.getOutput();
        return Json.read(out.substring(Math.max(0, out.indexOf("\n{") + 1)).getBytes(StandardCharsets.UTF_8), IndexStats.class, "stdout");
    }

    private static void assertIndex(LaunchResult result, String out, int items) throws IOException {
        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        IndexStats printed = printed(result);
        try (ObjectStores store = ObjectStores.of(s3.settings())) {
            SidIndex index = SidIndex.read(store, out);
            assertThat(index.stats()).isEqualTo(printed);
            ItemSidMap map = index.itemMap();
            assertThat(map.items()).isEqualTo(items);
            Set<List<Integer>> seen = new HashSet<>();
            for (int i = 0; i < items; i++) {
                assertThat(seen.add(java.util.Arrays.stream(map.sid(i)).boxed().toList())).isTrue();
                assertThat(map.item(map.sid(i))).isEqualTo(i);
            }
        }
        assertThat(printed.schemaVersion()).isEqualTo(IndexStats.SCHEMA_VERSION);
        assertThat(printed.collidingItems()).isGreaterThanOrEqualTo(3);
        assertThat(printed.maxItemsPerSidAfter()).isEqualTo(1);
    }

    @Test
    void indexesALocalCsv(QuarkusMainLauncher launcher) throws IOException {
        Path catalog = dir.resolve("vectors.csv");
        Files.writeString(catalog, csv(300, 6, 1));
        String out = dir.resolve("local-index").toString();
        LaunchResult result = launcher.launch("index", "--catalog", catalog.toString(), "--levels", "2",
                "--codebook-size", "32", "--balanced", "--seed", "3", "--collisions", "reassign", "--iterations", "10", "--out", out);
        assertIndex(result, out, 300);
        IndexStats stats = printed(result);
        assertThat(stats.balanced()).isTrue();
        assertThat(stats.collisions()).isEqualTo("reassign");
        assertThat(stats.sidLength()).isEqualTo(2);
        assertThat(stats.levelUtilization()).containsOnly(1.0);
        assertThat(Path.of(out, "codebook.bin")).isRegularFile();
        assertThat(result.getErrorOutput()).contains("index: 300 items");
    }

    @Test
    void indexesAnRl4rsCatalogueOnS3IntoS3(QuarkusMainLauncher launcher) throws IOException {
        StringBuilder sb = new StringBuilder("item_id item_vec price location special_item\n");
        Random r = new Random(2);
        for (int i = 1; i <= 120; i++) {
            StringBuilder v = new StringBuilder();
            for (int t = 0; t < 5; t++) {
                v.append(t == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.4f", i <= 3 ? 0.5 : r.nextGaussian()));
            }
            sb.append(i).append(' ').append(v).append(" 9.5 1 0\n");
        }
        try (ObjectStores store = ObjectStores.of(s3.settings())) {
            store.writeString("s3://hsrl-test/catalogs/item_info.csv", sb.toString());
        }
        LaunchResult result = launcher.launch("index", "--catalog", "s3://hsrl-test/catalogs/item_info.csv", "--levels", "3",
                "--codebook-size", "4", "--balanced", "--out", "s3://hsrl-test/indexes/rl4rs");
        assertIndex(result, "s3://hsrl-test/indexes/rl4rs", 120);
        IndexStats stats = printed(result);
        assertThat(stats.collisions()).isEqualTo("extraLevel");
        assertThat(stats.sidLength()).isEqualTo(4);
    }

    @Test
    void indexesAnNpyFile(QuarkusMainLauncher launcher) throws IOException {
        Random r = new Random(4);
        float[] v = new float[200 * 3];
        for (int i = 0; i < v.length; i++) {
            v[i] = i < 9 ? 1f : (float) r.nextGaussian();
        }
        Path npy = dir.resolve("items.npy");
        Files.write(npy, ItemTableReader.toNpy(v, 200, 3));
        String out = dir.resolve("npy-index").toString();
        LaunchResult result = launcher.launch("index", "--catalog", npy.toString(), "--levels", "2", "--codebook-size", "16",
                "--kmeans", "reference", "--out", out);
        assertIndex(result, out, 200);
    }

    @Test
    void aRaggedCsvIsBadInputNamingFileAndLine(QuarkusMainLauncher launcher) throws IOException {
        Path catalog = dir.resolve("ragged.csv");
        Files.writeString(catalog, "item_id,f1,f2\n1,0.1,0.2\n2,0.3\n");
        LaunchResult result = launcher.launch("index", "--catalog", catalog.toString(), "--levels", "2",
                "--codebook-size", "2", "--out", dir.resolve("never").toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.getErrorOutput()).contains("error: " + catalog + ":3: ragged row").doesNotContain("\tat ");
        assertThat(dir.resolve("never")).doesNotExist();
    }

    @Test
    void badOptionsAreClearErrors(QuarkusMainLauncher launcher) {
        String missing = dir.resolve("absent.csv").toString();
        LaunchResult r1 = launcher.launch("index", "--catalog", missing, "--levels", "2", "--codebook-size", "4", "--out", "x");
        assertThat(r1.exitCode()).isEqualTo(2);
        assertThat(r1.getErrorOutput()).contains("--catalog").contains(missing);

        LaunchResult r2 = launcher.launch("index", "--catalog", missing, "--levels", "2", "--codebook-size", "4",
                "--collisions", "merge", "--out", "x");
        assertThat(r2.exitCode()).isEqualTo(2);
        assertThat(r2.getErrorOutput()).contains("collisions must be extraLevel or reassign");

        LaunchResult r3 = launcher.launch("index", "--catalog", missing, "--levels", "0", "--codebook-size", "4", "--out", "x");
        assertThat(r3.exitCode()).isEqualTo(2);
        assertThat(r3.getErrorOutput()).contains("--levels");

        LaunchResult r4 = launcher.launch("index", "--levels", "2", "--codebook-size", "4", "--out", "x");
        assertThat(r4.exitCode()).isEqualTo(2);
        assertThat(r4.getErrorOutput()).contains("--catalog");

        LaunchResult r5 = launcher.launch("index", "--catalog", missing, "--levels", "2", "--codebook-size", "4",
                "--kmeans", "separate", "--out", "x");
        assertThat(r5.exitCode()).isEqualTo(2);
        assertThat(r5.getErrorOutput()).contains("--kmeans").contains("separating").contains("'separate'");
    }

    @Test
    void separatingKMeansGivesTheCopiesDistinctSemanticIds(QuarkusMainLauncher launcher) throws IOException {
        // 300 items, three of them one vector, in 32² SIDs
        Path catalog = dir.resolve("separating.csv");
        Files.writeString(catalog, csv(300, 6, 1));
        String out = dir.resolve("separating-index").toString();
        LaunchResult result = launcher.launch("index", "--catalog", catalog.toString(), "--levels", "2",
                "--codebook-size", "32", "--kmeans", "separating", "--iterations", "10", "--out", out);
        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        assertThat(result.getErrorOutput()).contains("L=2 K=32 separating");
        IndexStats stats = printed(result);
        assertThat(stats.kmeans()).isEqualTo("separating");
        assertThat(stats.collidingItems()).isZero();
        assertThat(stats.uniqueSids()).isEqualTo(300);
        assertThat(stats.sidLength()).isEqualTo(2);
        try (ObjectStores store = ObjectStores.of(s3.settings())) {
            ItemSidMap map = SidIndex.read(store, out).itemMap();
            assertThat(map.sid(1)).isNotEqualTo(map.sid(0));
            assertThat(map.sid(2)).isNotEqualTo(map.sid(0)).isNotEqualTo(map.sid(1));
        }
    }

    @Test
    void theFormatFollowsTheFileName() {
        assertThat(IndexCommand.formatOf("s3://b/p/items.npy")).hasToString("NPY");
        assertThat(IndexCommand.formatOf("/data/rl4rs/item_info.csv")).hasToString("RL4RS");
        assertThat(IndexCommand.formatOf("vectors.csv")).hasToString("CSV");
    }
}
