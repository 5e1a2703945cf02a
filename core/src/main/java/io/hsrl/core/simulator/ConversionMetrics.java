package io.hsrl.core.simulator;

/**
 * Fit metrics of a conversion model, over the clicked exposures only (a conversion is observed after a click):
 * validation log-loss and AUC of the fitted model, and beside them those of the hand-set {@link ConversionModel}
 * (its formula on the fitted click model's probability and the price), so that the two can be compared on the same
 * held-out clicks.
 */
public record ConversionMetrics(long trainClicks, long validationClicks, long validationConversions,
                                double finalTrainLoss, double validationLoss, double validationAuc,
                                double handSetValidationLoss, double handSetValidationAuc, double trainSeconds) {
}
