package io.hsrl.trainer;

import java.io.PrintStream;
import java.util.Locale;

/** A one-line progress bar on stderr, redrawn only when the shown percentage changes (so logs stay small). */
final class ProgressBar {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final String label;
    private int shown = -1;

    ProgressBar(PrintStream out, String label) {
        this.out = out;
        this.label = label;
    }

    void update(long done, long total, String detail) {
        int percent = total <= 0 ? 100 : (int) Math.min(100, done * 100 / total);
        if (percent == shown) {
            return;
        }
        shown = percent;
        int filled = percent * WIDTH / 100;
        out.print(String.format(Locale.ROOT, "\r%s [%s%s] %3d%% %s", label, "#".repeat(filled), " ".repeat(WIDTH - filled),
                percent, detail == null ? "" : detail));
        if (percent == 100) {
            out.println();
        }
        out.flush();
    }
}
