package io.hsrl.artifact;

import java.util.List;

/**
 * Recent training metrics, as written into progress.json and checkpoint manifests.
 *
 * @param objective the objective's figures (conversions and cost per exposure, λ, the budget); null when the
 *                  environment reports no advertising response
 */
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
        Long episodes,
        TrainingObjectiveRecord objective) {
    /** Without objective figures. */
    public TrainingMetricsRecord(Double avgTotalReward, Double minTotalReward, Double maxTotalReward, Double avgDepth,
                                 Double actorLoss, Double criticLoss, Double entropy, List<Double> levelValues,
                                 List<Double> levelEntropies, Long episodes) {
        this(avgTotalReward, minTotalReward, maxTotalReward, avgDepth, actorLoss, criticLoss, entropy, levelValues,
                levelEntropies, episodes, null);
    }
}
