package io.hsrl.core.agent;

import io.hsrl.artifact.ArtifactLayout;
import io.hsrl.artifact.CheckpointManifest;
import io.hsrl.artifact.TrainingMetricsRecord;
import io.hsrl.artifact.TrainingProgressRecord;
import io.hsrl.store.Json;
import io.hsrl.store.ObjectStore;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A whole training run: optional resume from the newest checkpoint that reads back whole, warm-up, the iterations, a
 * checkpoint every {@code checkpointEvery} iterations and at the end (marked complete: the final manifest is the model),
 * {@code progress.json} rewritten every few seconds, a metric line on the log stream.
 */
public final class TrainingRun {
    public static final String AGENT_FILE = "agent.json";
    public static final String LOOP_FILE = "loop.json";

    private final ObjectStore store;
    private final SlateAgent agent;
    private final TrainingLoop loop;
    private final Settings settings;
    private final Checkpoints checkpoints;
    private final PrintStream log;
    private String latestManifest;

    /**
     * @param manifest what every checkpoint manifest records besides its files (algorithm, mode, seed, the index,
     *                 simulator and data it was trained with, hyper-parameters); iteration and metrics are filled in
     */
    public record Settings(String out, long iterations, long checkpointEvery, boolean resume, double progressSeconds,
                           CheckpointManifest manifest) {
        public Settings {
            if (iterations < 0 || checkpointEvery < 1) {
                throw new IllegalArgumentException("iterations must be ≥ 0 and checkpointEvery ≥ 1");
            }
        }
    }

    /**
     * Loop state saved next to the networks.
     *
     * @param lambda the objective's λ (null when the checkpoint was written before the objective had one)
     */
    public record LoopState(long iteration, long seed, Double lambda) {
        public LoopState(long iteration, long seed) {
            this(iteration, seed, null);
        }
    }

    public TrainingRun(ObjectStore store, SlateAgent agent, TrainingLoop loop, Settings settings, PrintStream log) {
        this.store = store;
        this.agent = agent;
        this.loop = loop;
        this.settings = settings;
        this.checkpoints = new Checkpoints(store, settings.out());
        this.log = log;
    }

    /** Runs to {@code iterations}; returns the final manifest's URI. */
    public String run() throws IOException {
        long started = System.nanoTime();
        long startIteration = 0;
        if (settings.resume()) {
            Optional<Checkpoints.Loaded> loaded = checkpoints.loadNewestReadable(log);
            if (loaded.isPresent()) {
                Checkpoints.Loaded c = loaded.get();
                agent.restore(c.files(), c.manifestUri());
                LoopState state = Json.read(c.files().get(LOOP_FILE), LoopState.class, c.manifestUri());
                loop.setIteration(state.iteration());
                loop.reseed(state.seed());
                if (state.lambda() != null) {
                    loop.objective().setLambda(state.lambda());
                }
                startIteration = state.iteration();
                latestManifest = c.manifestUri();
                log.printf(Locale.ROOT, "resuming from %s (iteration %d)%n", c.manifestUri(), state.iteration());
                if (c.complete() && state.iteration() >= settings.iterations()) {
                    progress(TrainingProgressRecord.STATE_COMPLETE, started, startIteration, "already complete");
                    return c.manifestUri();
                }
            } else {
                log.println("no checkpoint under " + settings.out() + ": starting from scratch");
            }
        }
        progress(TrainingProgressRecord.STATE_STARTING, started, startIteration, "warm-up");
        loop.warmUp();
        long lastProgress = System.nanoTime();
        while (loop.iteration() < settings.iterations()) {
            UpdateReport r = loop.iterate();
            if (!r.finite()) {
                progress(TrainingProgressRecord.STATE_FAILED, started, startIteration, "non-finite loss at iteration " + loop.iteration());
                throw new IllegalStateException("non-finite loss or value at iteration " + loop.iteration() + ": " + r);
            }
            long it = loop.iteration();
            if (it % settings.checkpointEvery() == 0 && it < settings.iterations()) {
                checkpoint(false);
            }
            if ((System.nanoTime() - lastProgress) / 1e9 >= settings.progressSeconds()) {
                lastProgress = System.nanoTime();
                progress(TrainingProgressRecord.STATE_RUNNING, started, startIteration, null);
                log.println(line(started, startIteration));
            }
        }
        String manifest = checkpoint(true);
        progress(TrainingProgressRecord.STATE_COMPLETE, started, startIteration, null);
        log.println(line(started, startIteration));
        return manifest;
    }

    private String checkpoint(boolean complete) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>(agent.state());
        long seed = loop.reseed();
        files.put(LOOP_FILE, Json.write(new LoopState(loop.iteration(), seed, loop.objective().lambda())));
        files.put(AGENT_FILE, Json.write(agent.config()));
        CheckpointManifest t = settings.manifest();
        CheckpointManifest template = new CheckpointManifest(t.schemaVersion(), loop.iteration(), settings.iterations(),
                null, t.algorithm(), t.mode(), t.seed(), t.indexUri(), t.simulatorUri(), t.dataUri(), t.dataFormat(),
                null, t.hyperParameters(), metrics());
        latestManifest = checkpoints.publish(template, files, complete);
        return latestManifest;
    }

    public TrainingMetricsRecord metrics() {
        EpisodeTracker e = loop.episodes();
        double[] recent = e.recentStats();
        UpdateReport r = loop.lastUpdate();
        return new TrainingMetricsRecord(finite(recent[0]), finite(recent[2]), finite(recent[3]), finite(recent[1]),
                r == null ? null : r.actorLoss(), r == null ? null : r.criticLoss(), r == null ? null : r.entropy(),
                r == null ? null : list(r.levelValues()), r == null ? null : list(r.levelEntropies()), e.episodes(),
                loop.objective().record());
    }

    private void progress(String state, long started, long startIteration, String message) throws IOException {
        double elapsed = (System.nanoTime() - started) / 1e9;
        long it = loop.iteration();
        double rate = elapsed > 0 ? (it - startIteration) / elapsed : 0;
        Long eta = rate > 0 ? Math.round((settings.iterations() - it) / rate) : null;
        double percent = settings.iterations() == 0 ? 100 : 100.0 * it / settings.iterations();
        store.writeJson(ArtifactLayout.progress(settings.out()), new TrainingProgressRecord(
                TrainingProgressRecord.SCHEMA_VERSION, state, it, settings.iterations(), percent, eta,
                rate > 0 ? rate : null, elapsed, metrics(), latestManifest,
                TrainingProgressRecord.STATE_COMPLETE.equals(state) ? latestManifest : null, message, Instant.now().toString()));
    }

    private String line(long started, long startIteration) {
        double elapsed = (System.nanoTime() - started) / 1e9;
        TrainingMetricsRecord m = metrics();
        String objective = loop.objective().summary();
        return String.format(Locale.ROOT, "iteration %d/%d (%.1f it/s) reward %s depth %s actor %s critic %s values %s%s",
                loop.iteration(), settings.iterations(), (loop.iteration() - startIteration) / Math.max(elapsed, 1e-9),
                fmt(m.avgTotalReward()), fmt(m.avgDepth()), fmt(m.actorLoss()), fmt(m.criticLoss()), m.levelValues(),
                objective.isEmpty() ? "" : " " + objective);
    }

    private static String fmt(Double d) {
        return d == null ? "-" : String.format(Locale.ROOT, "%.3f", d);
    }

    private static Double finite(double d) {
        return Double.isFinite(d) ? d : null;
    }

    private static List<Double> list(double[] a) {
        List<Double> out = new ArrayList<>();
        for (double d : a) {
            out.add(Math.round(d * 1e6) / 1e6);
        }
        return out;
    }
}
