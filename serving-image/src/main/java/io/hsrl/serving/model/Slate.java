package io.hsrl.serving.model;

/**
 * A recommended slate: distinct external item ids, best first, their SIDs and scores; how many history ids the model
 * did not know, and how many decoding levels produced the slate.
 */
public record Slate(long[] items, int[][] sids, float[] scores, int unknownHistoryItems, int decodeDepth) {
}
