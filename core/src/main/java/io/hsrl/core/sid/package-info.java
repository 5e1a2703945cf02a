/**
 * Semantic IDs (hsrl-reference.md §4, §15): residual k-means codebooks ({@link io.hsrl.core.sid.IndexBuilder},
 * plain, balanced, or the reference's buggy {@code BalancedKMeans} for comparison), one-to-one SIDs
 * ({@link io.hsrl.contracts.CollisionStrategy}: an extra disambiguation level or reassignment to the nearest free code),
 * the {@link io.hsrl.core.sid.ItemSidMap} the policy decodes against (a {@link io.hsrl.core.sid.SidSpace} with a
 * prefix trie), and the index files ({@link io.hsrl.core.sid.SidIndex}: {@code codebook.bin}, {@code item-map.bin},
 * {@code stats.json}).
 *
 * <p>Speed: distances are batched ({@code ||x||² − 2x·c + ||c||²}) in tight loops over flat float arrays, which
 * measured about 3× cheaper in CPU time than the same matrix through DJL/PyTorch with its copies; work runs on every
 * core in fixed blocks so results do not depend on the thread count. Benchmark:
 * {@code mvn -B -q -o -pl core -am test-compile -Pbench} (class {@code SidBench} in the tests).
 */
package io.hsrl.core.sid;
