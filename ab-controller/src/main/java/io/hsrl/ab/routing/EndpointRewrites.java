package io.hsrl.ab.routing;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Maps a serving endpoint (as HsrlServing status gives it) to the address that reaches it, from an optional
 * properties file that is re-read when its modification time changes. Without a file endpoints are used as they are.
 */
final class EndpointRewrites {
    private final Optional<Path> file;
    private volatile Map<String, String> rewrites = Map.of();
    private volatile FileTime loaded;

    EndpointRewrites(Optional<Path> file) {
        this.file = file;
    }

    String apply(String endpoint) {
        if (file.isEmpty()) {
            return endpoint;
        }
        refresh(file.get());
        String key = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
        return rewrites.getOrDefault(key, endpoint);
    }

    private void refresh(Path f) {
        try {
            FileTime t = Files.getLastModifiedTime(f);
            if (t.equals(loaded)) {
                return;
            }
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(f)) {
                p.load(r);
            }
            Map<String, String> m = new ConcurrentHashMap<>();
            p.forEach((k, v) -> m.put(strip(k.toString()), v.toString().trim()));
            rewrites = m;
            loaded = t;
        } catch (IOException missingOrUnreadable) {
            // keep the last good mapping; the file may be being replaced
        }
    }

    private static String strip(String k) {
        String t = k.trim();
        return t.endsWith("/") ? t.substring(0, t.length() - 1) : t;
    }
}
