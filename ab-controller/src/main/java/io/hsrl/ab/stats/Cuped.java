package io.hsrl.ab.stats;

import io.hsrl.ab.stats.ArmAggregate.Var;

import java.util.ArrayList;
import java.util.List;

/**
 * CUPED (Deng, Xu, Kohavi, Walker, "Improving the sensitivity of online controlled experiments by utilizing
 * pre-experiment data", 2013) for a ratio metric, on the log scale the relative change is computed on.
 *
 * <p>Each user's contribution to log R̂ of their arm is linearised (delta method): U_i = (Y_i − R X_i) / (R x̄), so
 * Var(log R̂) = Var(U) / n. The covariates Z_i are the user's exposures and conversions before the experiment and an
 * indicator that they are known (users without a history count as 0 with the indicator off). One coefficient vector
 * θ = Σ_zz⁻¹ Σ_zu, pooled over both arms' within-arm cross products, is used in both arms, so the adjusted change is
 * log(R_t / R_c) − θ·(z̄_t − z̄_c): the covariate's expectation is the same in both arms by randomisation, so the
 * adjustment removes noise, not effect. Its variance is Σ_arms Var(U − θ·Z) / n. Covariates constant over the
 * users (e.g. nobody has a history) drop out; without any, there is no adjustment.
 */
public final class Cuped {
    static final Var[] COVARIATES = {Var.PRE_EXPOSURES, Var.PRE_CONVERSIONS, Var.HAS_COVARIATE};

    private Cuped() {
    }

    /**
     * @param shift     θ·(z̄_t − z̄_c), subtracted from the log ratio
     * @param variance  the adjusted log ratio's variance
     */
    record Adjustment(double shift, double variance) {
    }

    /** Null when no covariate varies over the users, or the metric is undefined in an arm. */
    static Adjustment adjust(RatioMetric metric, ArmAggregate control, ArmAggregate treatment) {
        if (control.covariateUsers() + treatment.covariateUsers() == 0) {
            return null;
        }
        ArmMoments c = ArmMoments.of(metric, control);
        ArmMoments t = ArmMoments.of(metric, treatment);
        if (c == null || t == null) {
            return null;
        }
        int k = COVARIATES.length;
        double[][] a = new double[k][k];
        double[] b = new double[k];
        for (int i = 0; i < k; i++) {
            b[i] = c.zu[i] + t.zu[i];
            for (int j = 0; j < k; j++) {
                a[i][j] = c.zz[i][j] + t.zz[i][j];
            }
        }
        double[] theta = solve(a, b);
        if (theta == null) {
            return null;
        }
        double shift = 0;
        for (int i = 0; i < k; i++) {
            shift += theta[i] * (t.zMean[i] - c.zMean[i]);
        }
        return new Adjustment(shift, t.adjustedVariance(theta) + c.adjustedVariance(theta));
    }

    /** One arm's centred cross products of U and Z (sums over users, not divided by n − 1). */
    private record ArmMoments(long n, double uu, double[] zu, double[][] zz, double[] zMean) {
        static ArmMoments of(RatioMetric metric, ArmAggregate a) {
            long n = a.users();
            double sx = a.sum(metric.denominator());
            if (n < 3 || sx <= 0) {
                return null;
            }
            double r = a.sum(metric.numerator()) / sx;
            if (!(r > 0)) {
                return null;
            }
            double scale = r * sx / n;
            int k = COVARIATES.length;
            double[] zu = new double[k];
            double[][] zz = new double[k][k];
            double[] mean = new double[k];
            for (int i = 0; i < k; i++) {
                // Σ U_i = 0 exactly (R is the arm's own ratio), so Σ U (Z − z̄) = Σ U Z.
                zu[i] = metric.residualProduct(a, r, COVARIATES[i]) / scale;
                mean[i] = a.sum(COVARIATES[i]) / n;
                for (int j = 0; j < k; j++) {
                    zz[i][j] = a.sum(COVARIATES[i], COVARIATES[j]) - a.sum(COVARIATES[i]) * a.sum(COVARIATES[j]) / n;
                }
            }
            return new ArmMoments(n, metric.residualSquares(a, r) / (scale * scale), zu, zz, mean);
        }

        /** Var(log R̂) after adjustment: Σ (U − θ·(Z − z̄))² / (n (n − 1)). */
        double adjustedVariance(double[] theta) {
            double s = uu;
            for (int i = 0; i < theta.length; i++) {
                s -= 2 * theta[i] * zu[i];
                for (int j = 0; j < theta.length; j++) {
                    s += theta[i] * zz[i][j] * theta[j];
                }
            }
            return Math.max(0.0, s) / ((double) n * (n - 1));
        }
    }

    /**
     * θ = A⁻¹ b over the covariates that vary (a covariate whose variance is nil, or that is a linear combination
     * of others, gets θ = 0). Null when none varies.
     */
    static double[] solve(double[][] a, double[] b) {
        int k = b.length;
        List<Integer> active = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            if (a[i][i] > 1e-9 * (1 + Math.abs(a[i][i]))) {
                active.add(i);
            }
        }
        while (!active.isEmpty()) {
            double[] theta = solveOn(a, b, active);
            if (theta != null) {
                return theta;
            }
            active.remove(active.size() - 1);
        }
        return null;
    }

    /** Gaussian elimination with partial pivoting on the active rows and columns; null if (nearly) singular. */
    private static double[] solveOn(double[][] a, double[] b, List<Integer> active) {
        int m = active.size();
        double[][] x = new double[m][m + 1];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                x[i][j] = a[active.get(i)][active.get(j)];
            }
            x[i][m] = b[active.get(i)];
        }
        for (int col = 0; col < m; col++) {
            int pivot = col;
            for (int r = col + 1; r < m; r++) {
                if (Math.abs(x[r][col]) > Math.abs(x[pivot][col])) {
                    pivot = r;
                }
            }
            double scale = Math.abs(a[active.get(col)][active.get(col)]);
            if (Math.abs(x[pivot][col]) <= 1e-10 * scale) {
                return null;
            }
            double[] tmp = x[col];
            x[col] = x[pivot];
            x[pivot] = tmp;
            for (int r = 0; r < m; r++) {
                if (r != col) {
                    double f = x[r][col] / x[col][col];
                    for (int j = col; j <= m; j++) {
                        x[r][j] -= f * x[col][j];
                    }
                }
            }
        }
        double[] theta = new double[b.length];
        for (int i = 0; i < m; i++) {
            theta[active.get(i)] = x[i][m] / x[i][i];
        }
        return theta;
    }
}
