package io.hsrl.serving.model;

import io.hsrl.artifact.CheckpointManifest;
import io.hsrl.artifact.LatestCheckpoint;
import io.hsrl.contracts.PolicyMode;
import io.hsrl.serving.testing.TestModels;
import io.hsrl.store.Json;
import io.hsrl.store.ObjectStores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Resolving model URIs and verifying checkpoints (local store: same code path as s3:// past the store). */
class ModelLoaderTest {
    @TempDir
    Path dir;
    private ObjectStores store;
    private TestModels.Published model;
    private String prefix;

    @BeforeEach
    void publish() throws Exception {
        store = ObjectStores.from(Map.of());
        prefix = dir.resolve("demo").toString();
        model = TestModels.publish(store, prefix, 40, PolicyMode.HSRL, 1);
    }

    @Test
    void everyFormOfModelUriLeadsToTheSameVerifiedManifest() throws Exception {
        ModelLoader loader = new ModelLoader(store);
        for (String uri : List.of(model.latestUri(), model.manifestUri(), prefix + "/training", prefix + "/training/checkpoints",
                Path.of(model.manifestUri()).getParent().toString())) {
            ModelArtifacts a = loader.load(uri);
            assertThat(a.manifestUri()).as(uri).isEqualTo(model.manifestUri());
            assertThat(a.requestedUri()).isEqualTo(uri);
            assertThat(a.manifestSha256()).isEqualTo(ModelLoader.sha256(store.read(model.manifestUri())));
            assertThat(a.file("actor.bin")).isEqualTo(model.actor());
        }
    }

    @Test
    void aRelativeManifestInTheLatestPointerIsFollowed() throws Exception {
        String relative = Path.of(model.latestUri()).getParent().relativize(Path.of(model.manifestUri())).toString();
        store.writeJson(model.latestUri(), new LatestCheckpoint(1, 10, relative, false, List.of()));
        assertThat(new ModelLoader(store).load(model.latestUri()).manifestUri()).isEqualTo(model.manifestUri());
    }

    @Test
    void aMovedModelFolderServesItselfWithTheSameDigest() throws Exception {
        String digest = new ModelLoader(store).load(model.latestUri()).manifestSha256();
        Path original = Path.of(prefix, "training");
        Path moved = dir.resolve("elsewhere/training");
        Files.createDirectories(moved.getParent());
        Files.move(original, moved);
        ModelArtifacts a = new ModelLoader(store).load(moved.resolve("checkpoints/latest.json").toString());
        assertThat(a.manifestUri()).startsWith(moved.toString());
        assertThat(a.manifestSha256()).isEqualTo(digest);
        assertThat(a.file("actor.bin")).isEqualTo(model.actor());
    }

    @Test
    void anAbsoluteManifestInTheLatestPointerIsStillFollowed() throws Exception {
        store.writeJson(model.latestUri(), new LatestCheckpoint(1, 10, model.manifestUri(), true, List.of()));
        assertThat(new ModelLoader(store).load(model.latestUri()).manifestUri()).isEqualTo(model.manifestUri());
    }

    @Test
    void aCorruptFileIsRefusedNamingItAndTheManifest() throws Exception {
        TestModels.corrupt(store, model);
        assertThatThrownBy(() -> new ModelLoader(store).load(model.latestUri()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(model.actorUri()).hasMessageContaining("SHA-256")
                .hasMessageContaining(model.manifestUri());
    }

    @Test
    void aTruncatedFileIsRefusedBySize() throws Exception {
        byte[] b = store.read(model.actorUri());
        store.write(model.actorUri(), java.util.Arrays.copyOf(b, b.length - 1));
        assertThatThrownBy(() -> new ModelLoader(store).load(model.manifestUri()))
                .hasMessageContaining("truncated or replaced");
    }

    @Test
    void missingPiecesAreNamed() throws Exception {
        store.delete(model.actorUri());
        assertThatThrownBy(() -> new ModelLoader(store).load(model.manifestUri()))
                .hasMessageContaining("checkpoint file 'actor.bin'").hasMessageContaining("does not exist");
        assertThatThrownBy(() -> new ModelLoader(store).load(dir.resolve("nothing").toString()))
                .hasMessageContaining("neither a manifest nor a folder");
        store.writeJson(model.latestUri(), new LatestCheckpoint(1, 0, "", false, List.of()));
        assertThatThrownBy(() -> new ModelLoader(store).load(model.latestUri()))
                .hasMessageContaining("field 'manifest' is empty");
    }

    @Test
    void manifestFieldsAreChecked() throws Exception {
        CheckpointManifest m = store.readJson(model.manifestUri(), CheckpointManifest.class);
        CheckpointManifest noSha = new CheckpointManifest(m.schemaVersion(), m.iteration(), m.totalIterations(),
                m.createdAt(), m.algorithm(), m.mode(), m.seed(), null, null, null, null,
                Map.of("actor.bin", new CheckpointManifest.FileEntry("actor.bin", null, 0)), null, null);
        store.write(model.manifestUri(), Json.write(noSha));
        assertThatThrownBy(() -> new ModelLoader(store).load(model.manifestUri()))
                .hasMessageContaining("files.actor.bin.sha256");
        CheckpointManifest escape = new CheckpointManifest(m.schemaVersion(), m.iteration(), m.totalIterations(),
                m.createdAt(), m.algorithm(), m.mode(), m.seed(), null, null, null, null,
                Map.of("actor.bin", new CheckpointManifest.FileEntry("../x", "0".repeat(64), 0)), null, null);
        store.write(model.manifestUri(), Json.write(escape));
        assertThatThrownBy(() -> new ModelLoader(store).load(model.manifestUri()))
                .hasMessageContaining("leaves the checkpoint folder");
        store.writeString(model.manifestUri(), "{\"schemaVersion\": 99}");
        assertThatThrownBy(() -> new ModelLoader(store).load(model.manifestUri()))
                .hasMessageContaining("unsupported schemaVersion 99");
    }

    @Test
    void theIndexIsReadWithTheModelAndVerified() throws Exception {
        ModelArtifacts a = new ModelLoader(store).load(model.latestUri());
        assertThat(a.indexUri()).isEqualTo(model.indexUri());
        assertThat(a.index().itemMap().items()).isEqualTo(40);
        for (long id : model.features().items().ids()) {
            assertThat(a.index().itemMap().sid(a.index().itemMap().indexOf(id))).containsExactly(model.sidOf(id));
        }
        String itemMap = model.indexUri() + "/item-map.bin";
        byte[] b = store.read(itemMap);
        b[b.length - 10] ^= 1;
        store.write(itemMap, b);
        assertThatThrownBy(() -> new ModelLoader(store).load(model.latestUri()))
                .hasMessageContaining("index " + model.indexUri()).hasMessageContaining(model.manifestUri());
    }

    @Test
    void theIndexMayBeNamedByItsStatsFile() throws Exception {
        CheckpointManifest m = store.readJson(model.manifestUri(), CheckpointManifest.class);
        store.write(model.manifestUri(), Json.write(new CheckpointManifest(m.schemaVersion(), m.iteration(),
                m.totalIterations(), m.createdAt(), m.algorithm(), m.mode(), m.seed(), model.indexUri() + "/stats.json",
                null, null, null, m.files(), null, null)));
        assertThat(new ModelLoader(store).load(model.manifestUri()).indexUri()).isEqualTo(model.indexUri());
    }

    @Test
    void aManifestWithoutIndexIsRefused() throws Exception {
        CheckpointManifest m = store.readJson(model.manifestUri(), CheckpointManifest.class);
        store.write(model.manifestUri(), Json.write(new CheckpointManifest(m.schemaVersion(), m.iteration(),
                m.totalIterations(), m.createdAt(), m.algorithm(), m.mode(), m.seed(), null, null, null, null, m.files(),
                null, null)));
        assertThatThrownBy(() -> new ModelLoader(store).load(model.manifestUri()))
                .hasMessageContaining("field 'indexUri' is missing");
    }

    @Test
    void anUnknownAlgorithmIsNotServed() throws Exception {
        ModelArtifacts a = new ModelLoader(store).load(model.manifestUri());
        CheckpointManifest m = a.manifest();
        Map<String, byte[]> noActor = new java.util.HashMap<>(a.files());
        noActor.remove("actor.bin");
        ModelArtifacts other = new ModelArtifacts(a.requestedUri(), a.manifestUri(), a.manifestSha256(),
                new CheckpointManifest(1, 1, 1, null, "popular", "hsrl", 1, null, null, null, null, m.files(), null, null),
                noActor, a.indexUri(), a.index());
        assertThatThrownBy(() -> PolicyFactory.create(other, store, new PolicyOptions(4, "cpu")))
                .hasMessageContaining("algorithm 'popular' cannot be served");
    }
}
