package io.hsrl.artifact;

import java.util.List;

/** Recent training metrics, as written into progress.json and checkpoint manifests. */
public record TrainingMetricsRecord(
        Double avgTotalReward,
        Double minTotalReward,
        Double maxTotalReward,
        Double avgDepth,
        Double actorLoss,
        Double criticLoss,
        Double entropy,
        List<Double> levelValues,
        List<Double> levelEntropies,
        Long episodes) {
}
