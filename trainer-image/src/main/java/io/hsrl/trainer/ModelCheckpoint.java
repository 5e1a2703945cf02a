package io.hsrl.trainer;

import io.hsrl.artifact.ArtifactLayout;
import io.hsrl.artifact.CheckpointManifest;
import io.hsrl.artifact.LatestCheckpoint;
import io.hsrl.artifact.TrainingProgressRecord;
import io.hsrl.core.agent.Checkpoints;
import io.hsrl.store.ObjectStore;
import io.hsrl.store.ObjectUri;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which checkpoint of a train run {@code evaluate --model} scores: by default the finished model; a run that is still
 * going (its progress.json says Starting or Running) or that stopped before its end is refused, so that nobody scores
 * a half-trained policy by mistake. {@code --checkpoint} names one explicitly: an iteration, {@code latest} or a
 * manifest URI.
 */
final class ModelCheckpoint {
    private ModelCheckpoint() {
    }

    static Checkpoints.Loaded choose(ObjectStore store, String model, String checkpoint) throws IOException {
        Checkpoints checkpoints = new Checkpoints(store, model);
        Optional<LatestCheckpoint> latest = checkpoints.readLatest();
        if (checkpoint != null && (checkpoint.contains("/") || checkpoint.endsWith(".json"))) {
            String uri = checkpoint.endsWith(".json") ? checkpoint : ObjectUri.resolve(checkpoint, CheckpointManifest.FILE);
            return checkpoints.load(uri, latest.map(l -> l.complete() && checkpoints.manifestUri(l.manifest()).equals(uri))
                    .orElse(false));
        }
        if (latest.isEmpty()) {
            throw new IllegalArgumentException("--model " + model + ": no checkpoints/latest.json under it");
        }
        LatestCheckpoint l = latest.get();
        if (checkpoint == null) {
            Optional<TrainingProgressRecord> progress = progress(store, model);
            boolean running = progress.map(p -> TrainingProgressRecord.STATE_RUNNING.equals(p.state())
                    || TrainingProgressRecord.STATE_STARTING.equals(p.state())).orElse(false);
            if (running || !l.complete()) {
                String state = progress.map(p -> String.format(Locale.ROOT, "progress.json says %s at iteration %d of %d",
                        p.state(), p.iteration(), p.total())).orElse("no progress.json");
                throw new IllegalArgumentException("--model " + model + ": the training has not finished (" + state
                        + "); name the checkpoint to score with --checkpoint <iteration> or latest (available: "
                        + iterations(l) + ")");
            }
            return checkpoints.load(checkpoints.manifestUri(l.manifest()), true);
        }
        if (checkpoint.equalsIgnoreCase("latest")) {
            return checkpoints.load(checkpoints.manifestUri(l.manifest()), l.complete());
        }
        long iteration;
        try {
            iteration = Long.parseLong(checkpoint.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--checkpoint: '" + checkpoint + "' is not an iteration, latest or a manifest URI");
        }
        if (l.iteration() == iteration) {
            return checkpoints.load(checkpoints.manifestUri(l.manifest()), l.complete());
        }
        if (l.checkpoints() != null) {
            for (LatestCheckpoint.Entry e : l.checkpoints()) {
                if (e.iteration() == iteration) {
                    return checkpoints.load(checkpoints.manifestUri(e.manifest()), false);
                }
            }
        }
        String uri = ObjectUri.resolve(ArtifactLayout.checkpoints(model), String.format(Locale.ROOT, "%012d/%s", iteration,
                CheckpointManifest.FILE));
        if (store.exists(uri)) {
            return checkpoints.load(uri, false);
        }
        throw new IllegalArgumentException("--checkpoint " + iteration + ": no such checkpoint under " + model
                + " (available: " + iterations(l) + ")");
    }

    private static Optional<TrainingProgressRecord> progress(ObjectStore store, String model) throws IOException {
        String uri = ArtifactLayout.progress(model);
        return store.exists(uri) ? Optional.of(store.readJson(uri, TrainingProgressRecord.class)) : Optional.empty();
    }

    private static String iterations(LatestCheckpoint l) {
        List<LatestCheckpoint.Entry> all = l.checkpoints() == null ? List.of() : l.checkpoints();
        return all.isEmpty() ? Long.toString(l.iteration())
                : String.join(", ", all.stream().map(e -> Long.toString(e.iteration())).toList());
    }
}
