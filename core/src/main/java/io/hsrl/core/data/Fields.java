package io.hsrl.core.data;

import java.util.ArrayList;
import java.util.List;

/** Number parsing for log fields; every failure is a {@link LogFormatException} naming file, line and field. */
final class Fields {
    private final String source;
    private final int line;

    Fields(String source, int line) {
        this.source = source;
        this.line = line;
    }

    int line() {
        return line;
    }

    LogFormatException error(String message) {
        return new LogFormatException(source, line, message);
    }

    long parseLong(String s, String field) throws LogFormatException {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw error(field + " is not an integer: '" + abbreviate(s.trim()) + "'");
        }
    }

    float parseFloat(String s, String field) throws LogFormatException {
        float v;
        try {
            v = Float.parseFloat(s.trim());
        } catch (NumberFormatException e) {
            throw error(field + " is not a number: '" + abbreviate(s.trim()) + "'");
        }
        if (!Float.isFinite(v)) {
            throw error(field + " is " + s.trim() + " (NaN and infinities are not allowed)");
        }
        return v;
    }

    /** A 0/1 feedback value. */
    float parseBinary(String s, String field) throws LogFormatException {
        String t = s.trim();
        if (t.equals("0") || t.equals("0.0")) {
            return 0f;
        }
        if (t.equals("1") || t.equals("1.0")) {
            return 1f;
        }
        throw error(field + " must be 0 or 1, was '" + abbreviate(t) + "'");
    }

    /** {@code a,b,c} (RL4RS lists). */
    long[] parseLongList(String s, char separator, String field) throws LogFormatException {
        String t = s.trim();
        if (t.isEmpty()) {
            return new long[0];
        }
        String[] parts = split(t, separator);
        long[] out = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = parseLong(parts[i], field + "[" + i + "]");
        }
        return out;
    }

    /**
     * A python list literal of integers, {@code [1, 2, 3]} or {@code []} (ML1M, hsrl-reference.md §11: a tiny parser, no
     * eval). Integral floats ({@code 1.0}) are accepted.
     */
    long[] parsePythonList(String s, String field) throws LogFormatException {
        String t = s.trim();
        if (t.length() < 2 || t.charAt(0) != '[' || t.charAt(t.length() - 1) != ']') {
            throw error(field + " must be a list literal like [1, 2, 3], was '" + abbreviate(t) + "'");
        }
        String body = t.substring(1, t.length() - 1).trim();
        if (body.isEmpty()) {
            return new long[0];
        }
        String[] parts = split(body, ',');
        long[] out = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].trim();
            if (p.endsWith(".0")) {
                p = p.substring(0, p.length() - 2);
            }
            if (p.isEmpty()) {
                throw error(field + "[" + i + "] is empty in '" + abbreviate(t) + "'");
            }
            out[i] = parseLong(p, field + "[" + i + "]");
        }
        return out;
    }

    /** Splits on one character, keeping empty fields. */
    static String[] split(String s, char separator) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == separator) {
                out.add(s.substring(start, i));
                start = i + 1;
            }
        }
        out.add(s.substring(start));
        return out.toArray(String[]::new);
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
