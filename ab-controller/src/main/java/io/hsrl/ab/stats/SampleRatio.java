package io.hsrl.ab.stats;

/**
 * Sample-ratio-mismatch check: Pearson's chi-square (1 degree of freedom) of users per arm against the configured
 * split. A mismatch means the assignment or the logging is broken, so no decision should be trusted.
 *
 * @param checked false when the split has one arm only or an arm is below the minimum count
 * @param pValue  NaN when not checked
 */
public record SampleRatio(boolean checked, double chiSquare, double pValue, boolean mismatch) {
    /** Below this p-value the split is declared broken (a common industry threshold: rare enough to never cry wolf). */
    public static final double THRESHOLD = 0.001;

    public static SampleRatio test(long controlUsers, long treatmentUsers, double treatmentPercent, long minUsersPerArm) {
        double pt = treatmentPercent / 100.0;
        if (pt <= 0 || pt >= 1 || controlUsers < minUsersPerArm || treatmentUsers < minUsersPerArm) {
            return new SampleRatio(false, Double.NaN, Double.NaN, false);
        }
        double n = controlUsers + treatmentUsers;
        double et = n * pt;
        double ec = n * (1 - pt);
        double chi = sq(treatmentUsers - et) / et + sq(controlUsers - ec) / ec;
        // The chi-square distribution with one degree of freedom is that of Z²: P(χ² ≥ x) = P(|Z| ≥ √x).
        double p = NormalDistribution.erfc(Math.sqrt(chi / 2));
        return new SampleRatio(true, chi, p, p < THRESHOLD);
    }

    private static double sq(double x) {
        return x * x;
    }
}
