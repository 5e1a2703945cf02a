package io.hsrl.core.data;

import io.hsrl.contracts.LogFormat;
import io.hsrl.store.ObjectStore;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The reading loop of the delimited logs (RL4RS, ML1M, the generic CSV): a header line checked against the expected
 * columns, then every non-blank line split on the separator into exactly that many fields and handed to a
 * {@link Row} with its {@link Fields} (file and line for errors). Blank lines are skipped.
 */
final class DelimitedLog {
    /** One data line's fields. */
    interface Row {
        void accept(String[] columns, Fields f) throws IOException;
    }

    /** One data line as read, for files whose fields cannot be split on the separator alone. */
    interface Line {
        void accept(String line, Fields f) throws IOException;
    }

    /** Reads one log file into logged slates. */
    interface FileReader {
        LoggedSlates read(InputStream in, String source) throws IOException;
    }

    /**
     * How the header is checked: every column name, the column count and the first name, or the whole line (trimmed)
     * against the column names joined by the separator.
     */
    enum Header { EXACT, COUNT_AND_FIRST, LINE }

    private final char separator;
    private final String[] columns;
    private final Header header;

    DelimitedLog(char separator, String[] columns, Header header) {
        this.separator = separator;
        this.columns = columns.clone();
        this.header = header;
    }

    /** Reads every data line of {@code in}, split into exactly the header's columns; returns how many were handed on. */
    int read(InputStream in, String source, Row row) throws IOException {
        return readLines(in, source, (line, f) -> {
            String[] c = Fields.split(line, separator);
            if (c.length != columns.length) {
                throw f.error("expected " + columns.length + " " + separatorName() + "-separated columns, found " + c.length);
            }
            row.accept(c, f);
        });
    }

    /** Reads every data line of {@code in} as it is; returns how many were handed on. */
    int readLines(InputStream in, String source, Line each) throws IOException {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
            checkHeader(r.readLine(), source);
            return lines(r, 1, source, each);
        }
    }

    /** Reads every non-blank line of a file without a header (the MovieLens .dat and ML-100k files) as it is. */
    static int headerless(InputStream in, Charset charset, String source, Line each) throws IOException {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, charset), 1 << 16)) {
            return lines(r, 0, source, each);
        }
    }

    private static int lines(BufferedReader r, int linesRead, String source, Line each) throws IOException {
        int rows = 0;
        String line;
        int lineNo = linesRead;
        while ((line = r.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            each.accept(line, new Fields(source, lineNo));
            rows++;
        }
        return rows;
    }

    /** A dataset of a train file and, when it exists, a test file beside it (under {@code base}), read alike. */
    static LogDataset trainAndTest(ObjectStore store, String base, String trainFile, String testFile, LogFormat format,
                                   FileReader reader) throws IOException {
        LoggedSlates train;
        try (InputStream in = store.open(base + trainFile)) {
            train = reader.read(in, base + trainFile);
        }
        LoggedSlates test = null;
        if (store.exists(base + testFile)) {
            try (InputStream in = store.open(base + testFile)) {
                test = reader.read(in, base + testFile);
            }
        }
        return new LogDataset(format, train, test);
    }

    private void checkHeader(String line, String source) throws LogFormatException {
        String expected = String.join(separator == '\t' ? "\\t" : String.valueOf(separator), columns);
        if (header == Header.LINE) {
            String joined = String.join(String.valueOf(separator), columns);
            if (line == null || !line.trim().equals(joined)) {
                throw new LogFormatException(source, 1, "header must be " + joined + ", was '"
                        + (line == null ? "" : line.trim()) + "'");
            }
            return;
        }
        if (line == null) {
            throw new LogFormatException(source, 1, "empty file (expected the header " + expected + ")");
        }
        String[] h = Fields.split(line.trim(), separator);
        boolean ok = header == Header.EXACT ? Arrays.equals(h, columns)
                : h.length == columns.length && h[0].trim().equals(columns[0]);
        if (!ok) {
            throw new LogFormatException(source, 1, header == Header.EXACT
                    ? "header must be exactly " + expected + ", was '" + line.trim() + "'"
                    : "header must be the " + columns.length + " " + separatorName() + "-separated columns " + expected
                            + ", found " + h.length + " column(s)");
        }
    }

    private String separatorName() {
        return switch (separator) {
            case '\t' -> "tab";
            case ',' -> "comma";
            default -> "'" + separator + "'";
        };
    }
}
