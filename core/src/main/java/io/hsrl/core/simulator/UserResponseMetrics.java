package io.hsrl.core.simulator;

/**
 * Fit metrics of a user-response model. {@code validationAuc} pools every (row, position) prediction;
 * {@code validationAucMacro} is the reference's per-position macro-AUC (§2). Probabilities are {@code σ(score)} with
 * dropout off.
 */
public record UserResponseMetrics(int trainRows, int validationRows, double finalTrainLoss, double validationLoss,
                                  double validationAuc, double validationAucMacro, double validationClickRate,
                                  double trainSeconds, double rowsPerSecond) {
}
