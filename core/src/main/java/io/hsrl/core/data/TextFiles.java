package io.hsrl.core.data;

import io.hsrl.store.ObjectStore;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A text file written to the object store through a local temporary file, so that a file of any size is streamed to
 * the store rather than held in memory.
 */
final class TextFiles {
    /** What goes into the file. */
    interface Body {
        void write(Writer w) throws IOException;
    }

    private TextFiles() {
    }

    /** Writes {@code body} as UTF-8 to {@code uri}; returns the URI. */
    static String write(ObjectStore store, String uri, Body body) throws IOException {
        Path tmp = Files.createTempFile("hsrl-text", ".tmp");
        try {
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                body.write(w);
            }
            store.upload(uri, tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return uri;
    }
}
