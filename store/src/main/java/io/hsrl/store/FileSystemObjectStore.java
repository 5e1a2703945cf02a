package io.hsrl.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Local paths. Writes go to a temporary file in the same directory and are renamed into place. */
public final class FileSystemObjectStore implements ObjectStore {

    private static Path path(String uri) {
        ObjectUri u = ObjectUri.parse(uri);
        if (u.isS3()) {
            throw new IllegalArgumentException("not a local path: " + uri);
        }
        return u.path();
    }

    @Override
    public void write(String uri, byte[] data) throws IOException {
        Path target = path(uri);
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            Files.write(tmp, data);
            move(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public void upload(String uri, Path file) throws IOException {
        Path target = path(uri);
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
            move(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void move(Path tmp, Path target) throws IOException {
        // temporary files are created owner-only; a published object is readable like any other file
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException notPosix) {
            // keep the file system's default
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public InputStream open(String uri) throws IOException {
        try {
            return Files.newInputStream(path(uri));
        } catch (NoSuchFileException e) {
            throw new ObjectNotFoundException(uri);
        }
    }

    @Override
    public void download(String uri, Path file) throws IOException {
        Path src = path(uri);
        if (!Files.isRegularFile(src)) {
            throw new ObjectNotFoundException(uri);
        }
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        Files.copy(src, file, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public boolean exists(String uri) {
        return Files.isRegularFile(path(uri));
    }

    /** Lists regular files under the prefix as absolute paths (temporary files of unfinished writes excluded). */
    @Override
    public List<String> list(String prefixUri) throws IOException {
        Path prefix = path(prefixUri).toAbsolutePath().normalize();
        Path root = Files.isDirectory(prefix) ? prefix : prefix.getParent();
        if (root == null || !Files.isDirectory(root)) {
            return List.of();
        }
        String p = prefix.toString();
        List<String> out = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile).map(Path::toString)
                    .filter(s -> s.startsWith(p) && !s.endsWith(".tmp"))
                    .sorted().forEach(out::add);
        }
        return out;
    }

    @Override
    public void delete(String uri) throws IOException {
        Files.deleteIfExists(path(uri));
    }
}
