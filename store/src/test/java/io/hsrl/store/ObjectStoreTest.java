package io.hsrl.store;

import io.hsrl.artifact.LatestCheckpoint;
import io.hsrl.store.testing.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The same contract on a real S3 server (s3proxy, through the MinIO client) and on the local filesystem. */
class ObjectStoreTest {
    @TempDir
    static Path tmp;
    static S3ProxyServer s3;
    static ObjectStores store;

    @BeforeAll
    static void start() throws IOException {
        s3 = S3ProxyServer.start(tmp.resolve("s3data"));
        store = ObjectStores.of(s3.settings());
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

    private static String base(String kind) {
        return kind.equals("s3") ? "s3://hsrl-test/store-test" : tmp.resolve("fs").toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3", "fs"})
    void writeReadListDelete(String kind) throws IOException {
        String b = base(kind) + "/rw";
        store.writeString(b + "/a/one.txt", "one");
        store.write(b + "/a/b/two.bin", new byte[]{1, 2, 3});
        Files.createDirectories(tmp.resolve("local"));
        Path local = tmp.resolve("local/" + kind + "-upload.txt");
        Files.writeString(local, "uploaded");
        store.upload(b + "/c.txt", local);

        assertThat(store.readString(b + "/a/one.txt")).isEqualTo("one");
        assertThat(store.read(b + "/a/b/two.bin")).containsExactly(1, 2, 3);
        assertThat(store.exists(b + "/c.txt")).isTrue();
        assertThat(store.exists(b + "/nope.txt")).isFalse();
        List<String> listed = store.list(b + "/a");
        assertThat(listed).hasSize(2).allMatch(u -> u.endsWith("one.txt") || u.endsWith("two.bin"));

        Path down = tmp.resolve("local/" + kind + "-down/c.txt");
        store.download(b + "/c.txt", down);
        assertThat(Files.readString(down)).isEqualTo("uploaded");

        store.writeString(b + "/a/one.txt", "replaced");
        assertThat(store.readString(b + "/a/one.txt")).isEqualTo("replaced");

        assertThat(store.deleteAll(b)).isEqualTo(3);
        assertThat(store.list(b)).isEmpty();
        store.delete(b + "/already-gone");
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3", "fs"})
    void missingObjectIsAnErrorNamingTheUri(String kind) {
        String uri = base(kind) + "/missing/object.json";
        assertThatThrownBy(() -> store.read(uri)).isInstanceOf(ObjectNotFoundException.class).hasMessageContaining(uri);
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3", "fs"})
    void jsonRecordsRoundTripAndCorruptJsonNamesTheUri(String kind) throws IOException {
        String uri = base(kind) + "/json/latest.json";
        LatestCheckpoint latest = new LatestCheckpoint(LatestCheckpoint.SCHEMA_VERSION, 30, "m.json", false,
                List.of(new LatestCheckpoint.Entry(30, "m.json", 1.5)));
        store.writeJson(uri, latest);
        assertThat(store.readJson(uri, LatestCheckpoint.class)).isEqualTo(latest);

        store.writeString(uri, "{\"schemaVersion\": 1, \"iteration\": ");
        assertThatThrownBy(() -> store.readJson(uri, LatestCheckpoint.class))
                .isInstanceOf(IOException.class).hasMessageContaining(uri);
    }

    @Test
    void s3UrisWithoutSettingsNameTheMissingVariable() {
        ObjectStores noS3 = ObjectStores.from(Map.of());
        assertThatThrownBy(() -> noS3.read("s3://bucket/key")).hasMessageContaining(S3Settings.ENDPOINT);
    }

    @Test
    void uriParsing() {
        assertThat(ObjectUri.parse("s3://hsrl/a/b.json")).isEqualTo(new ObjectUri("hsrl", "a/b.json", null));
        assertThat(ObjectUri.parse("/data/x").path()).isEqualTo(Path.of("/data/x"));
        assertThat(ObjectUri.resolve("s3://hsrl/a/", "/b")).isEqualTo("s3://hsrl/a/b");
        assertThat(ObjectUri.parent("s3://hsrl/a/b/c.json")).isEqualTo("s3://hsrl/a/b");
        assertThatThrownBy(() -> ObjectUri.parse("gs://x/y")).hasMessageContaining("gs://x/y");
        assertThatThrownBy(() -> ObjectUri.parse("s3://A_bad/y")).hasMessageContaining("A_bad");
        assertThat(new S3Settings("http://h", "id", "very-secret", null).toString()).doesNotContain("very-secret");
    }
}
