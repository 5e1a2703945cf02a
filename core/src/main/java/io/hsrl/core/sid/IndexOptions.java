package io.hsrl.core.sid;

import io.hsrl.contracts.CollisionStrategy;
import io.hsrl.contracts.IndexInvocation;
import io.hsrl.contracts.KMeansMode;

/**
 * How to build a Semantic-ID index. Errors name the command-line option.
 *
 * @param maxIterations k-means iterations per level at most (stops earlier on convergence)
 */
public record IndexOptions(int levels, int codebookSize, KMeansMode mode, long seed, CollisionStrategy collisions,
                           int maxIterations) {
    public static final int DEFAULT_ITERATIONS = IndexInvocation.DEFAULT_ITERATIONS;

    public IndexOptions {
        if (levels < 1 || levels > 16) {
            throw new IllegalArgumentException("--levels must be between 1 and 16, was " + levels);
        }
        if (codebookSize < 2 || codebookSize > 65536) {
            throw new IllegalArgumentException("--codebook-size must be between 2 and 65536, was " + codebookSize);
        }
        if (maxIterations < 1) {
            throw new IllegalArgumentException("--iterations must be at least 1, was " + maxIterations);
        }
        if (mode == null || collisions == null) {
            throw new IllegalArgumentException("k-means mode and collision policy are required");
        }
    }
}
