package io.hsrl.trainer;

import io.hsrl.core.sid.BuildProgress;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar on stderr (stdout carries only the JSON result). Shown only once a build has run for a
 * second, and redrawn at most five times a second, so short builds and logs stay clean.
 */
final class ProgressBar implements BuildProgress {
    private static final long SHOW_AFTER_NANOS = 1_000_000_000L;
    private static final long REDRAW_NANOS = 200_000_000L;
    private static final int WIDTH = 30;

    private final PrintStream err;
    private final String what;
    private final long start = System.nanoTime();
    private long lastDraw;
    private boolean shown;

    ProgressBar(PrintStream err, String what) {
        this.err = err;
        this.what = what;
    }

    @Override
    public void update(int level, int levels, int iteration, int maxIterations) {
        long now = System.nanoTime();
        if (now - start < SHOW_AFTER_NANOS || now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        shown = true;
        // iterations stop early on convergence, so a level counts as one unit and the iteration as progress within it
        double fraction = (level + (double) iteration / maxIterations) / levels;
        int filled = (int) Math.round(fraction * WIDTH);
        err.printf(Locale.ROOT, "\r%s [%s%s] level %d/%d, iteration %d/%d, %.1f s ", what, "#".repeat(filled),
                ".".repeat(WIDTH - filled), level + 1, levels, iteration, maxIterations, (now - start) / 1e9);
        err.flush();
    }

    /** Ends the bar's line, if it was drawn. */
    void finish() {
        if (shown) {
            err.println();
        }
    }
}
