package io.hsrl.serving.model;

import java.io.IOException;

/** A model that cannot be served: the message names the URI or file and what is wrong with it. */
public final class ModelLoadException extends IOException {
    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
