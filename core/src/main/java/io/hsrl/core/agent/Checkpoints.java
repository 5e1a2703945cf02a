package io.hsrl.core.agent;

import io.hsrl.artifact.ArtifactLayout;
import io.hsrl.artifact.CheckpointManifest;
import io.hsrl.artifact.LatestCheckpoint;
import io.hsrl.store.ObjectNotFoundException;
import io.hsrl.store.ObjectStore;
import io.hsrl.store.ObjectUri;

import java.io.IOException;
import java.io.PrintStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checkpoints of a training run in the object store: the files of iteration i go under
 * {@code <out>/checkpoints/<i>/} first (a key nobody reads yet), then {@code manifest.json} (names and SHA-256s of
 * the files, relative to its folder) and last {@code checkpoints/latest.json} pointing at it by a path relative to
 * {@code checkpoints/}. A reader follows latest.json, so it never sees half a checkpoint; a run killed at any moment
 * resumes from the previous one; a copied or moved output folder refers to its own checkpoints.
 */
public final class Checkpoints {
    private static final int HISTORY = 20;
    private final ObjectStore store;
    private final String out;

    public Checkpoints(ObjectStore store, String out) {
        this.store = store;
        this.out = out;
    }

    public String latestUri() {
        return ArtifactLayout.latestCheckpoint(out);
    }

    /** Writes the files, then the manifest, then the pointer; returns the manifest's URI. */
    public String publish(CheckpointManifest template, Map<String, byte[]> files, boolean complete) throws IOException {
        String dir = ObjectUri.resolve(ArtifactLayout.checkpoints(out), String.format("%012d", template.iteration()));
        Map<String, CheckpointManifest.FileEntry> entries = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            store.write(ObjectUri.resolve(dir, f.getKey()), f.getValue());
            entries.put(f.getKey(), new CheckpointManifest.FileEntry(f.getKey(), sha256(f.getValue()), f.getValue().length));
        }
        CheckpointManifest manifest = new CheckpointManifest(CheckpointManifest.SCHEMA_VERSION, template.iteration(),
                template.totalIterations(), Instant.now().toString(), template.algorithm(), template.mode(),
                template.seed(), template.indexUri(), template.simulatorUri(), template.dataUri(), template.dataFormat(),
                entries, template.hyperParameters(), template.metrics());
        String manifestUri = ObjectUri.resolve(dir, CheckpointManifest.FILE);
        store.writeJson(manifestUri, manifest);
        List<LatestCheckpoint.Entry> history = new ArrayList<>();
        Optional<LatestCheckpoint> previous = readLatest();
        previous.ifPresent(p -> {
            if (p.checkpoints() != null) {
                for (LatestCheckpoint.Entry e : p.checkpoints()) {
                    if (e.iteration() < template.iteration()) {
                        history.add(e);
                    }
                }
            }
        });
        String checkpoints = ArtifactLayout.checkpoints(out);
        history.add(new LatestCheckpoint.Entry(template.iteration(), LatestCheckpoint.relativize(checkpoints, manifestUri),
                template.metrics() == null ? null : template.metrics().avgTotalReward()));
        while (history.size() > HISTORY) {
            history.remove(0);
        }
        store.writeJson(latestUri(), new LatestCheckpoint(LatestCheckpoint.SCHEMA_VERSION, template.iteration(),
                LatestCheckpoint.relativize(checkpoints, manifestUri), complete, history));
        return manifestUri;
    }

    public Optional<LatestCheckpoint> readLatest() throws IOException {
        try {
            return Optional.of(store.readJson(latestUri(), LatestCheckpoint.class));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
    }

    /** The newest published checkpoint with its files (digests checked), or empty when there is none. */
    public Optional<Loaded> loadLatest() throws IOException {
        Optional<LatestCheckpoint> latest = readLatest();
        if (latest.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(load(LatestCheckpoint.resolve(ArtifactLayout.checkpoints(out), latest.get().manifest()),
                latest.get().complete()));
    }

    /**
     * The newest checkpoint that reads back whole (manifest parsed, every file present with its digest): the one
     * latest.json names, else those before it (its history, newest first), else any manifest under
     * {@code checkpoints/} (newest first) when latest.json itself cannot be read. Each one passed over is reported on
     * {@code warn} with the reason. Empty when there is no checkpoint; an error naming them when none reads back.
     */
    public Optional<Loaded> loadNewestReadable(PrintStream warn) throws IOException {
        Map<String, Boolean> candidates = new LinkedHashMap<>();
        try {
            Optional<LatestCheckpoint> latest = readLatest();
            if (latest.isPresent()) {
                LatestCheckpoint l = latest.get();
                candidates.put(manifestUri(l.manifest()), l.complete());
                List<LatestCheckpoint.Entry> history = l.checkpoints() == null ? List.of() : l.checkpoints();
                for (int i = history.size() - 1; i >= 0; i--) {
                    candidates.putIfAbsent(manifestUri(history.get(i).manifest()), false);
                }
            }
        } catch (IOException | RuntimeException e) {
            warn.println("warning: " + latestUri() + " cannot be read (" + e.getMessage() + "); looking for checkpoints beside it");
        }
        List<String> listed = new ArrayList<>();
        for (String uri : store.list(ArtifactLayout.checkpoints(out))) {
            if (uri.endsWith("/" + CheckpointManifest.FILE)) {
                listed.add(uri);
            }
        }
        listed.sort(java.util.Comparator.reverseOrder());
        for (String uri : listed) {
            candidates.putIfAbsent(uri, false);
        }
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, Boolean> c : candidates.entrySet()) {
            try {
                Loaded loaded = load(c.getKey(), c.getValue());
                if (!failures.isEmpty()) {
                    warn.println("warning: falling back to the previous readable checkpoint " + c.getKey());
                }
                return Optional.of(loaded);
            } catch (IOException | RuntimeException e) {
                failures.add(c.getKey());
                warn.println("warning: checkpoint " + c.getKey() + " is unreadable: " + e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            throw new IOException("no readable checkpoint under " + ArtifactLayout.checkpoints(out) + " (tried "
                    + String.join(", ", failures) + ")");
        }
        return Optional.empty();
    }

    /** The URI of a manifest as latest.json names it (relative to the checkpoints folder, or absolute). */
    public String manifestUri(String named) {
        return LatestCheckpoint.resolve(ArtifactLayout.checkpoints(out), named);
    }

    public Loaded load(String manifestUri, boolean complete) throws IOException {
        CheckpointManifest m = store.readJson(manifestUri, CheckpointManifest.class);
        String dir = ObjectUri.parent(manifestUri);
        Map<String, byte[]> files = new LinkedHashMap<>();
        if (m == null || m.files() == null) {
            throw new IOException(manifestUri + ": no file list");
        }
        for (CheckpointManifest.FileEntry e : m.files().values()) {
            String uri = ObjectUri.resolve(dir, e.key());
            byte[] data = store.read(uri);
            if (!sha256(data).equals(e.sha256())) {
                throw new IOException(uri + ": SHA-256 does not match " + manifestUri);
            }
            files.put(e.key(), data);
        }
        return new Loaded(m, manifestUri, files, complete);
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A checkpoint as read back. */
    public record Loaded(CheckpointManifest manifest, String manifestUri, Map<String, byte[]> files, boolean complete) {
    }
}
