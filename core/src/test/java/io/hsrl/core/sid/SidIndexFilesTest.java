package io.hsrl.core.sid;

import io.hsrl.contracts.CollisionStrategy;
import io.hsrl.artifact.IndexStats;
import io.hsrl.contracts.KMeansMode;
import io.hsrl.core.catalog.ItemTable;
import io.hsrl.core.catalog.ItemTableReader;
import io.hsrl.contracts.ItemVectorFormat;
import io.hsrl.store.Json;
import io.hsrl.store.ObjectStore;
import io.hsrl.store.ObjectStores;
import io.hsrl.store.testing.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SidIndexFilesTest {
    @TempDir
    static Path tmp;
    static S3ProxyServer s3;
    static ObjectStores store;
    static SidIndex index;

    @BeforeAll
    static void start() throws IOException {
        s3 = S3ProxyServer.start(tmp.resolve("s3data"));
        store = ObjectStores.of(s3.settings());
        index = SidFixtures.build(SidFixtures.gaussian(300, 6, 2, 1, 2), SidFixtures.options(2, 16, KMeansMode.BALANCED, CollisionStrategy.EXTRA_LEVEL));
    }

    @AfterAll
    static void stop() {
        if (store != null) {
            store.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    private static void assertSame(SidIndex read, SidIndex built) {
        assertThat(read.codebook()).isEqualTo(built.codebook());
        assertThat(read.itemMap().items()).isEqualTo(built.itemMap().items());
        assertThat(read.itemMap().length()).isEqualTo(built.itemMap().length());
        for (int i = 0; i < built.itemMap().items(); i++) {
            assertThat(read.itemMap().sid(i)).isEqualTo(built.itemMap().sid(i));
            assertThat(read.itemMap().itemId(i)).isEqualTo(built.itemMap().itemId(i));
        }
        assertThat(read.itemMap().buildError()).isEqualTo(built.itemMap().buildError());
    }

    @Test
    void roundTripThroughTheS3Server() throws IOException {
        String folder = "s3://hsrl-test/indexes/rt";
        IndexStats written = index.write(store, folder);
        assertThat(store.list(folder + "/")).containsExactly(folder + "/codebook.bin", folder + "/item-map.bin", folder + "/stats.json");
        SidIndex read = SidIndex.read(store, folder);
        assertSame(read, index);
        assertThat(read.stats()).isEqualTo(written);
        assertThat(written.codebookSha256()).hasSize(64);
        assertThat(written.codebook()).isEqualTo(IndexStats.CODEBOOK_FILE);
        assertThat(Json.read(store.read(folder + "/stats.json"), IndexStats.class, "stats").schemaVersion()).isEqualTo(1);
    }

    @Test
    void roundTripOnTheLocalFilesystem() throws IOException {
        String folder = tmp.resolve("local-index").toString();
        index.write(store, folder);
        assertSame(SidIndex.read(store, folder), index);
    }

    private static String corruptCopy(String name, java.util.function.UnaryOperator<byte[]> damage) throws IOException {
        String folder = tmp.resolve("damaged-" + name + "-" + System.nanoTime()).toString();
        index.write(store, folder);
        Path file = Path.of(folder, name);
        Files.write(file, damage.apply(Files.readAllBytes(file)));
        return folder;
    }

    @Test
    void aFlippedByteIsRejectedNamingTheFile() throws IOException {
        for (String name : List.of(IndexStats.CODEBOOK_FILE, IndexStats.ITEM_MAP_FILE)) {
            String folder = corruptCopy(name, b -> {
                b[b.length / 2] ^= 0x40;
                return b;
            });
            assertThatThrownBy(() -> SidIndex.read(store, folder)).isInstanceOf(IOException.class)
                    .hasMessageContaining(Path.of(folder, name).toString()).hasMessageContaining("checksum");
        }
    }

    @Test
    void aTruncatedFileIsRejectedNamingTheFile() throws IOException {
        for (String name : List.of(IndexStats.CODEBOOK_FILE, IndexStats.ITEM_MAP_FILE)) {
            for (int keep : new int[]{5, 40}) {
                String folder = corruptCopy(name, b -> Arrays.copyOf(b, keep));
                assertThatThrownBy(() -> SidIndex.read(store, folder)).isInstanceOf(IOException.class)
                        .hasMessageContaining(Path.of(folder, name).toString()).hasMessageContaining("truncated");
            }
        }
    }

    @Test
    void aForeignFileAndAReplacedFileAreRejected() throws IOException {
        String swapped = corruptCopy(IndexStats.CODEBOOK_FILE, b -> index.itemMap().toBytes());
        assertThatThrownBy(() -> SidIndex.read(store, swapped)).hasMessageContaining("codebook.bin").hasMessageContaining("bad magic");
        SidIndex other = SidFixtures.build(SidFixtures.gaussian(300, 6, 3), SidFixtures.options(2, 16, KMeansMode.BALANCED, CollisionStrategy.EXTRA_LEVEL));
        String replaced = corruptCopy(IndexStats.CODEBOOK_FILE, b -> other.codebook().toBytes());
        assertThatThrownBy(() -> SidIndex.read(store, replaced)).hasMessageContaining("codebook.bin").hasMessageContaining("SHA-256");
        String badStats = corruptCopy(IndexStats.FILE, b -> "{not json".getBytes());
        assertThatThrownBy(() -> SidIndex.read(store, badStats)).hasMessageContaining("stats.json");
    }

    @Test
    void theRealRl4rsCatalogueIndexesOneToOne() throws IOException {
        Path file = List.of("../../shared/data/rl4rs/item_info.csv", "../../../shared/data/rl4rs/item_info.csv").stream()
                .map(Path::of).filter(Files::isRegularFile).findFirst().orElse(null);
        Assumptions.assumeTrue(file != null, "RL4RS item_info.csv not found under ../../shared/data/rl4rs: skipped");
        ItemTable table = ItemTableReader.read(store, file.toString(), ItemVectorFormat.RL4RS);
        for (CollisionStrategy policy : CollisionStrategy.values()) {
            for (int k : new int[]{16, 256}) { // 256: the policy's default vocabulary, more codes than half the items
                SidIndex built = SidFixtures.build(table, SidFixtures.options(3, k, KMeansMode.BALANCED, policy));
                assertThat(built.stats().items()).isEqualTo(table.size());
                assertThat(built.stats().maxItemsPerSidAfter()).isEqualTo(1);
                ItemSidMapTest.assertOneToOne(built.itemMap());
                for (int i = 0; i < table.size(); i++) {
                    assertThat(built.itemMap().indexOf(table.id(i))).isEqualTo(i);
                }
            }
        }
    }
}
