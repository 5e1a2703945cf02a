package io.hsrl.core.policy;

/** Slates for N users: item dense indices (N × K) and their SIDs (N × K × L). */
public record DecodedSlates(int[][] items, int[][][] sids) {
}
