package io.hsrl.ab.events;

/**
 * Where each replica publishes its per-experiment aggregates: {@code <store>/experiments/<ns>/<name>/aggregates/
 * <replica>.json}. The status writer merges every document under an experiment's prefix.
 */
public record AggregatesLocation(String store, String replica) {
    /** The folder holding every replica's document of experiment "ns/name". */
    public String prefix(String experiment) {
        String base = store.endsWith("/") ? store : store + "/";
        return base + "experiments/" + experiment + "/aggregates/";
    }

    /** This replica's document of experiment "ns/name". */
    public String uri(String experiment) {
        return prefix(experiment) + replica + ".json";
    }
}
