package io.hsrl.local.runner;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * Which container images the runner plays the kubelet for, and the local command that stands in for each: a
 * Quarkus fast-jar ({@code java -jar …/quarkus-run.jar}) or any command line. The container's args are appended; its
 * {@code command} (entrypoint override) is not, because the local command is the entrypoint. Longest prefix wins.
 */
public final class ImageMap {
    /** An image prefix (e.g. {@code hsrl/trainer}) and the command that replaces the image's entrypoint. */
    public record Entry(String imagePrefix, List<String> command) {
        public Entry {
            if (imagePrefix == null || imagePrefix.isBlank()) {
                throw new IllegalArgumentException("image prefix must not be empty");
            }
            command = List.copyOf(command);
            if (command.isEmpty()) {
                throw new IllegalArgumentException("image " + imagePrefix + ": empty command");
            }
        }
    }

    private final List<Entry> entries;

    public ImageMap(List<Entry> entries) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingInt((Entry e) -> e.imagePrefix().length()).reversed());
        this.entries = List.copyOf(sorted);
    }

    /** A Java program's jar: {@code java <jvmOptions> -jar <jar>}. */
    public static Entry jar(String imagePrefix, Path jar, List<String> jvmOptions) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-jar");
        cmd.add(jar.toAbsolutePath().toString());
        return new Entry(imagePrefix, cmd);
    }

    /** The platform's own images built in this repository. */
    public static ImageMap defaults(Path repoRoot) {
        List<String> jvm = List.of("-XX:+UseSerialGC", "-Dai.djl.offline=true");
        return new ImageMap(List.of(
                jar("hsrl/trainer", repoRoot.resolve("trainer-image/target/quarkus-app/quarkus-run.jar"), jvm),
                jar("hsrl/serving", repoRoot.resolve("serving-image/target/quarkus-app/quarkus-run.jar"), jvm)));
    }

    /**
     * Reads {@code image-prefix=path-to.jar} or {@code image-prefix=command line (space separated)} lines, on top of
     * {@code base}; errors name the file and key.
     */
    public static ImageMap load(Path file, ImageMap base) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        List<Entry> all = new ArrayList<>(base.entries);
        for (String key : p.stringPropertyNames()) {
            String value = p.getProperty(key).trim();
            if (value.isEmpty()) {
                throw new IllegalArgumentException(file + ": image " + key + " has an empty command");
            }
            all.removeIf(e -> e.imagePrefix().equals(key));
            all.add(value.endsWith(".jar") && !value.contains(" ")
                    ? jar(key, Path.of(value), List.of("-XX:+UseSerialGC"))
                    : new Entry(key, List.of(value.split("\\s+"))));
        }
        return new ImageMap(all);
    }

    public Optional<Entry> find(String image) {
        if (image == null) {
            return Optional.empty();
        }
        return entries.stream().filter(e -> image.startsWith(e.imagePrefix())).findFirst();
    }

    public List<Entry> entries() {
        return entries;
    }
}
