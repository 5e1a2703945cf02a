package io.hsrl.serving.model;

import java.util.List;

/**
 * A model ready to answer: fully loaded and verified (never half), deterministic for a given request. One call is one
 * batched forward pass; implementations scope their NDArrays to the call.
 */
public interface LoadedPolicy extends AutoCloseable {

    /** Slates for a batch of requests, in the same order. Thread-safe. */
    List<Slate> recommend(List<SlateRequest> batch);

    ModelDescription describe();

    /** Items the model can recommend (the catalogue of its index). */
    int items();

    @Override
    void close();
}
