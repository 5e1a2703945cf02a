package io.hsrl.ab.experiment;

/** An experiment by namespace and name, written "namespace/name" on the wire and in logs. */
public record ExperimentKey(String namespace, String name) {
    public ExperimentKey {
        if (namespace == null || namespace.isBlank() || name == null || name.isBlank()) {
            throw new IllegalArgumentException("experiment needs a namespace and a name");
        }
    }

    /** Parses "namespace/name", or "name" in {@code defaultNamespace}. */
    public static ExperimentKey parse(String text, String defaultNamespace) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("experiment is empty");
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            return new ExperimentKey(defaultNamespace, text);
        }
        if (slash == 0 || slash == text.length() - 1 || text.indexOf('/', slash + 1) >= 0) {
            throw new IllegalArgumentException("experiment must be 'namespace/name' or 'name', was '" + text + "'");
        }
        return new ExperimentKey(text.substring(0, slash), text.substring(slash + 1));
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
