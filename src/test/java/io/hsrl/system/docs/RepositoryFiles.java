package io.hsrl.system.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The repository's own files: what git tracks, or, outside a git checkout, every file that is not build output. */
final class RepositoryFiles {
    static final Path ROOT = Path.of(System.getProperty("hsrl.repo.root", "../..")).toAbsolutePath().normalize();
    private static final Set<String> NOT_SOURCES = Set.of(".git", "target", "node_modules");

    private RepositoryFiles() {
    }

    /** Paths relative to the repository root, with '/' separators, sorted. */
    static List<String> tracked() {
        List<String> fromGit = gitLsFiles();
        return fromGit != null ? fromGit : walk();
    }

    private static List<String> gitLsFiles() {
        if (!Files.exists(ROOT.resolve(".git"))) {
            return null;
        }
        try {
            Process p = new ProcessBuilder("git", "-C", ROOT.toString(), "ls-files", "-z").redirectErrorStream(false).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return null;
            }
            List<String> files = new ArrayList<>();
            for (String f : new String(out, StandardCharsets.UTF_8).split("\0")) {
                if (!f.isEmpty() && Files.isRegularFile(ROOT.resolve(f))) {
                    files.add(f);
                }
            }
            files.sort(null);
            return files;
        } catch (IOException e) {
            return null; // no git on this machine: walk the tree instead
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static List<String> walk() {
        try (Stream<Path> all = Files.walk(ROOT)) {
            return all.filter(Files::isRegularFile)
                    .map(p -> ROOT.relativize(p).toString().replace('\\', '/'))
                    .filter(f -> Stream.of(f.split("/")).noneMatch(NOT_SOURCES::contains))
                    .filter(f -> !f.startsWith("deploy/local/data/"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every folder that holds a tracked file, relative to the root ("" for the root itself). */
    static Set<String> folders(List<String> files) {
        Set<String> out = new TreeSet<>();
        out.add("");
        for (String f : files) {
            for (int i = f.indexOf('/'); i >= 0; i = f.indexOf('/', i + 1)) {
                out.add(f.substring(0, i));
            }
        }
        return out;
    }

    /** The text of a file, or null for a binary one (a NUL byte in it). */
    static String text(String file) {
        try {
            byte[] bytes = Files.readAllBytes(ROOT.resolve(file));
            for (byte b : bytes) {
                if (b == 0) {
                    return null;
                }
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
