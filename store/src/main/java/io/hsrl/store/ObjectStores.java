package io.hsrl.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The store every program uses: {@code s3://} URIs go to the S3 server configured by {@link S3Settings} (created on
 * first use, so that local-only runs need no settings), everything else to the local filesystem.
 */
public final class ObjectStores implements ObjectStore {
    private final FileSystemObjectStore local = new FileSystemObjectStore();
    private final Supplier<S3Settings> settings;
    private volatile MinioObjectStore s3;

    private ObjectStores(Supplier<S3Settings> settings) {
        this.settings = settings;
    }

    /** Configured from the process environment. */
    public static ObjectStores fromEnvironment() {
        return from(System.getenv());
    }

    public static ObjectStores from(Map<String, String> env) {
        return new ObjectStores(() -> S3Settings.from(env));
    }

    public static ObjectStores of(S3Settings settings) {
        return new ObjectStores(() -> settings);
    }

    private ObjectStore forUri(String uri) {
        if (!ObjectUri.parse(uri).isS3()) {
            return local;
        }
        MinioObjectStore s = s3;
        if (s == null) {
            synchronized (this) {
                if (s3 == null) {
                    s3 = new MinioObjectStore(settings.get());
                }
                s = s3;
            }
        }
        return s;
    }

    @Override
    public void write(String uri, byte[] data) throws IOException {
        forUri(uri).write(uri, data);
    }

    @Override
    public void upload(String uri, Path file) throws IOException {
        forUri(uri).upload(uri, file);
    }

    @Override
    public InputStream open(String uri) throws IOException {
        return forUri(uri).open(uri);
    }

    @Override
    public void download(String uri, Path file) throws IOException {
        forUri(uri).download(uri, file);
    }

    @Override
    public boolean exists(String uri) throws IOException {
        return forUri(uri).exists(uri);
    }

    @Override
    public List<String> list(String prefixUri) throws IOException {
        return forUri(prefixUri).list(prefixUri);
    }

    @Override
    public void delete(String uri) throws IOException {
        forUri(uri).delete(uri);
    }

    @Override
    public void close() {
        if (s3 != null) {
            s3.close();
        }
    }
}
