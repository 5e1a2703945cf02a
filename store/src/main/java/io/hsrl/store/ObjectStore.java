package io.hsrl.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Objects addressed by URI: {@code s3://bucket/key} (any S3 server, spoken to through the MinIO client) or a local
 * path. Every component reads and writes artefacts through this interface, so nothing knows where it runs.
 *
 * <p>Writes of one object are atomic: a reader sees the old content or the new one, never a part.
 */
public interface ObjectStore extends AutoCloseable {

    /** Writes {@code data} as the object at {@code uri}, replacing it. */
    void write(String uri, byte[] data) throws IOException;

    /** Uploads a local file as the object at {@code uri}. */
    void upload(String uri, Path file) throws IOException;

    /** Opens the object; the caller closes the stream. Throws {@link ObjectNotFoundException} naming the URI. */
    InputStream open(String uri) throws IOException;

    /** Copies the object into a local file (replacing it). */
    void download(String uri, Path file) throws IOException;

    boolean exists(String uri) throws IOException;

    /** URIs of every object whose URI starts with {@code prefixUri}, sorted. */
    List<String> list(String prefixUri) throws IOException;

    /** Deletes one object; no error when it does not exist. */
    void delete(String uri) throws IOException;

    /** Deletes every object under {@code prefixUri}; returns how many. */
    default int deleteAll(String prefixUri) throws IOException {
        List<String> all = list(prefixUri);
        for (String u : all) {
            delete(u);
        }
        return all.size();
    }

    default byte[] read(String uri) throws IOException {
        try (InputStream in = open(uri)) {
            return in.readAllBytes();
        }
    }

    default String readString(String uri) throws IOException {
        return new String(read(uri), StandardCharsets.UTF_8);
    }

    default void writeString(String uri, String text) throws IOException {
        write(uri, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads and maps a JSON object; a malformed file is an error naming the URI. */
    default <T> T readJson(String uri, Class<T> type) throws IOException {
        return Json.read(read(uri), type, uri);
    }

    default void writeJson(String uri, Object value) throws IOException {
        write(uri, Json.write(value));
    }

    @Override
    default void close() {
    }

    /** Wraps an IOException for use in streams and lambdas. */
    static UncheckedIOException unchecked(IOException e) {
        return new UncheckedIOException(e);
    }
}
