package io.hsrl.core.sid;

/** Reports a build's progress: the level being clustered (0-based) and the k-means iteration just finished. */
@FunctionalInterface
public interface BuildProgress {
    BuildProgress NONE = (level, levels, iteration, maxIterations) -> { };

    void update(int level, int levels, int iteration, int maxIterations);
}
