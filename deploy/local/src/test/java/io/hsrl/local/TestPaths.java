package io.hsrl.local;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository is, for tests that read crds/ or run the built jars. */
public final class TestPaths {
    private TestPaths() {
    }

    public static Path repoRoot() {
        String prop = System.getProperty("hsrl.repo.root");
        if (prop != null && Files.isDirectory(Path.of(prop, "crds"))) {
            return Path.of(prop).toAbsolutePath();
        }
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("crds"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("repository root (with crds/) not found above " + Path.of("").toAbsolutePath());
        }
        return p;
    }
}
