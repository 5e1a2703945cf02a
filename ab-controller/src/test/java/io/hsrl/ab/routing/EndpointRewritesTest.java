package io.hsrl.ab.routing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class EndpointRewritesTest {
    @TempDir
    Path dir;

    @Test
    void rewritesKnownEndpointsAndFollowsFileChanges() throws Exception {
        Path f = dir.resolve("endpoints.properties");
        Files.writeString(f, "# local\nhttp\\://serving.default.svc\\:8080=http://127.0.0.1:31000\n");
        EndpointRewrites r = new EndpointRewrites(Optional.of(f));
        assertThat(r.apply("http://serving.default.svc:8080")).isEqualTo("http://127.0.0.1:31000");
        assertThat(r.apply("http://serving.default.svc:8080/")).isEqualTo("http://127.0.0.1:31000");
        assertThat(r.apply("http://other.default.svc:8080")).isEqualTo("http://other.default.svc:8080");

        Files.writeString(f, "http\\://serving.default.svc\\:8080=http://127.0.0.1:32000\n");
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(r.apply("http://serving.default.svc:8080")).isEqualTo("http://127.0.0.1:32000");

        Files.delete(f);
        assertThat(r.apply("http://serving.default.svc:8080")).as("keeps the last good mapping").isEqualTo("http://127.0.0.1:32000");
        assertThat(new EndpointRewrites(Optional.empty()).apply("http://x.y.svc:8080")).isEqualTo("http://x.y.svc:8080");
    }
}
