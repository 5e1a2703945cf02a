package io.hsrl.store;

import java.io.FileNotFoundException;

/** No object at this URI. */
public final class ObjectNotFoundException extends FileNotFoundException {
    private final String uri;

    public ObjectNotFoundException(String uri) {
        super("no object at " + uri);
        this.uri = uri;
    }

    /** No object at this URI, with a message saying what was looked for. */
    public ObjectNotFoundException(String uri, String message) {
        super(message);
        this.uri = uri;
    }

    public String uri() {
        return uri;
    }
}
