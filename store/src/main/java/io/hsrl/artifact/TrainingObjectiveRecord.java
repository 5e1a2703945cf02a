package io.hsrl.artifact;

/**
 * What a training maximises and how it stands, in progress.json and checkpoint manifests: the policy's conversions and
 * cost per exposure over the recent training steps, the cost budget (as written and resolved against the logging
 * policy's cost per exposure on the training logs), the Lagrange multiplier λ of the cost constraint and whether the
 * budget holds.
 *
 * @param type                      {@code engagement} or {@code conversions}
 * @param costBudget                the budget as written ({@code +0%}, {@code abs:0.12}, {@code none}); null for engagement
 * @param budgetCostPerExposure     the cost per exposure allowed; null without a finite budget
 * @param behaviourCostPerExposure  the logging policy's cost per exposure on the training logs
 * @param conversionsPerExposure    the training policy's conversions per exposure over the recent steps
 * @param costPerExposure           the training policy's cost per exposure over the recent steps
 * @param clicksPerExposure         the training policy's clicks per exposure over the recent steps
 * @param lambda                    λ ≥ 0, the price of one unit of cost in conversions; null for engagement
 * @param budgetHolds               cost per exposure within the budget (and its tolerance); null without a budget
 * @param exposures                 the exposures the recent figures are over
 */
public record TrainingObjectiveRecord(
        String type,
        String costBudget,
        Double budgetCostPerExposure,
        Double behaviourCostPerExposure,
        Double conversionsPerExposure,
        Double costPerExposure,
        Double clicksPerExposure,
        Double lambda,
        Boolean budgetHolds,
        Long exposures) {
}
