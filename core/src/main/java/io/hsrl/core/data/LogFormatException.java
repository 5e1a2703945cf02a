package io.hsrl.core.data;

import java.io.IOException;

/** A malformed log: the message names the file and the 1-based line ({@code file:line: what}). */
public final class LogFormatException extends IOException {
    public LogFormatException(String source, int line, String message) {
        super(source + ":" + line + ": " + message);
    }

    public LogFormatException(String source, String message) {
        super(source + ": " + message);
    }
}
