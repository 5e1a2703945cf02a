package io.hsrl.serving.api;

import io.hsrl.serving.model.ModelDescription;

/** Body of {@code POST /v1/recommend}: the slate (items best first), their SIDs and scores, and which model answered. */
public record RecommendResponse(long[] items, int[][] sids, float[] scores, ModelDescription.Stamp model,
                                int unknownHistoryItems) {
}
