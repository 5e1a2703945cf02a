package io.hsrl.store;

import io.minio.BucketExistsArgs;
import io.minio.DownloadObjectArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.UploadObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** {@code s3://bucket/key} on any S3 server (MinIO, s3proxy, AWS), through the MinIO Java client. */
public final class MinioObjectStore implements ObjectStore {
    private final MinioClient client;
    private final String endpoint;
    private final Set<String> knownBuckets = ConcurrentHashMap.newKeySet();

    public MinioObjectStore(S3Settings settings) {
        this.endpoint = settings.endpoint();
        this.client = MinioClient.builder().endpoint(settings.endpoint())
                .credentials(settings.accessKey(), settings.secretKey())
                .region(settings.region()).build();
    }

    private static ObjectUri s3(String uri) {
        ObjectUri u = ObjectUri.parse(uri);
        if (!u.isS3()) {
            throw new IllegalArgumentException("not an s3:// URI: " + uri);
        }
        return u;
    }

    private void ensureBucket(String bucket) throws IOException {
        if (knownBuckets.contains(bucket)) {
            return;
        }
        call(() -> {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                try {
                    client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
                } catch (ErrorResponseException e) {
                    String code = e.errorResponse().code();
                    if (!"BucketAlreadyOwnedByYou".equals(code) && !"BucketAlreadyExists".equals(code)) {
                        throw e;
                    }
                }
            }
            return null;
        }, "s3://" + bucket);
        knownBuckets.add(bucket);
    }

    @Override
    public void write(String uri, byte[] data) throws IOException {
        ObjectUri u = s3(uri);
        ensureBucket(u.bucket());
        call(() -> client.putObject(PutObjectArgs.builder().bucket(u.bucket()).object(u.key())
                .stream(new ByteArrayInputStream(data), data.length, -1).build()), uri);
    }

    @Override
    public void upload(String uri, Path file) throws IOException {
        ObjectUri u = s3(uri);
        ensureBucket(u.bucket());
        call(() -> client.uploadObject(UploadObjectArgs.builder().bucket(u.bucket()).object(u.key())
                .filename(file.toString()).build()), uri);
    }

    @Override
    public InputStream open(String uri) throws IOException {
        ObjectUri u = s3(uri);
        return call(() -> client.getObject(GetObjectArgs.builder().bucket(u.bucket()).object(u.key()).build()), uri);
    }

    @Override
    public void download(String uri, Path file) throws IOException {
        ObjectUri u = s3(uri);
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        Files.deleteIfExists(file);
        call(() -> {
            client.downloadObject(DownloadObjectArgs.builder().bucket(u.bucket()).object(u.key())
                    .filename(file.toString()).build());
            return null;
        }, uri);
    }

    @Override
    public boolean exists(String uri) throws IOException {
        ObjectUri u = s3(uri);
        try {
            call(() -> client.statObject(StatObjectArgs.builder().bucket(u.bucket()).object(u.key()).build()), uri);
            return true;
        } catch (ObjectNotFoundException e) {
            return false;
        }
    }

    @Override
    public List<String> list(String prefixUri) throws IOException {
        ObjectUri u = s3(prefixUri);
        List<String> out = new ArrayList<>();
        call(() -> {
            for (Result<Item> r : client.listObjects(ListObjectsArgs.builder().bucket(u.bucket()).prefix(u.key())
                    .recursive(true).build())) {
                Item item = r.get();
                if (!item.isDir()) {
                    out.add("s3://" + u.bucket() + "/" + item.objectName());
                }
            }
            return null;
        }, prefixUri);
        out.sort(null);
        return out;
    }

    @Override
    public void delete(String uri) throws IOException {
        ObjectUri u = s3(uri);
        call(() -> {
            client.removeObject(RemoveObjectArgs.builder().bucket(u.bucket()).object(u.key()).build());
            return null;
        }, uri);
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (Exception e) {
            // closing idle connections; nothing to lose
        }
    }

    @Override
    public String toString() {
        return "MinioObjectStore[" + endpoint + "]";
    }

    @FunctionalInterface
    private interface S3Call<T> {
        T run() throws Exception;
    }

    /** Maps MinIO's many checked exceptions to IOExceptions that name the URI (never the credentials). */
    private static <T> T call(S3Call<T> c, String uri) throws IOException {
        try {
            return c.run();
        } catch (ErrorResponseException e) {
            String code = e.errorResponse().code();
            if ("NoSuchKey".equals(code) || "NoSuchBucket".equals(code) || "NoSuchObject".equals(code)) {
                throw new ObjectNotFoundException(uri);
            }
            throw new IOException(uri + ": S3 error " + code + ": " + e.errorResponse().message(), e);
        } catch (IOException e) {
            throw new IOException(uri + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(uri + ": interrupted", e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(uri + ": " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
