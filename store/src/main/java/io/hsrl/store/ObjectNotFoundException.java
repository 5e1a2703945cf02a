package io.hsrl.store;

import java.io.FileNotFoundException;

/** No object at this URI. */
public final class ObjectNotFoundException extends FileNotFoundException {
    private final String uri;

    public ObjectNotFoundException(String uri) {
        super("no object at " + uri);
        this.uri = uri;
    }

    public String uri() {
        return uri;
    }
}
