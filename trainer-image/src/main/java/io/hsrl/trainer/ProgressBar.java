package io.hsrl.trainer;

import io.hsrl.core.sid.BuildProgress;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The trainer's one-line progress bar on stderr (stdout carries only the JSON result). Redrawn at most five times a
 * second, or when the work is done, so that logs stay small; {@link #finish()} ends the line.
 */
final class ProgressBar implements BuildProgress {
    private static final long REDRAW_NANOS = 200_000_000L;
    private static final int WIDTH = 30;

    private final PrintStream err;
    private final String label;
    private final long start = System.nanoTime();
    private long lastDraw = Long.MIN_VALUE;
    private boolean open;

    ProgressBar(PrintStream err, String label) {
        this.err = err;
        this.label = label;
    }

    /** Progress in units of work; {@code detail} says what is being done. */
    void update(long done, long total, String detail) {
        double fraction = total <= 0 ? 1.0 : Math.min(1.0, (double) done / total);
        draw(fraction, String.format(Locale.ROOT, "%3d%% %s", (int) (fraction * 100), detail == null ? "" : detail),
                fraction >= 1.0);
        if (fraction >= 1.0) {
            finish();
        }
    }

    /** Index builds: iterations stop early on convergence, so a level counts as one unit and the iteration as progress within it. */
    @Override
    public void update(int level, int levels, int iteration, int maxIterations) {
        double fraction = (level + (double) iteration / maxIterations) / levels;
        draw(fraction, String.format(Locale.ROOT, "level %d/%d, iteration %d/%d", level + 1, levels, iteration,
                maxIterations), false);
    }

    private void draw(double fraction, String text, boolean force) {
        long now = System.nanoTime();
        if (!force && lastDraw != Long.MIN_VALUE && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        open = true;
        int filled = (int) Math.round(fraction * WIDTH);
        err.printf(Locale.ROOT, "\r%s [%s%s] %s, %.1f s ", label, "#".repeat(filled), ".".repeat(WIDTH - filled), text,
                (now - start) / 1e9);
        err.flush();
    }

    /** Ends the bar's line, if it was drawn. */
    void finish() {
        if (open) {
            err.println();
            open = false;
        }
    }
}
