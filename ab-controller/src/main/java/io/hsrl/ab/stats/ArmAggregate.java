package io.hsrl.ab.stats;

import java.util.Arrays;

/**
 * Everything the statistics need about one arm: over its users, the sums of the per-user totals and of all their
 * products two by two. The user is the randomisation unit, so variances come from these per-user sums (the delta
 * method for ratio metrics, clustered by user), never from per-exposure counts as if exposures were independent. The
 * same sums carry the users' pre-experiment covariate, so CUPED needs nothing else.
 */
public final class ArmAggregate {

    /** The per-user variables summed. {@link #ONE} is 1 for every user (so Σ ONE = users). */
    public enum Var {
        ONE, EXPOSURES, CLICKS, CONVERSIONS, COST,
        /** The user's exposures before the experiment (0 when unknown). */
        PRE_EXPOSURES,
        /** The user's conversions before the experiment (0 when unknown). */
        PRE_CONVERSIONS,
        /** 1 when the user's pre-experiment covariate is known, else 0. */
        HAS_COVARIATE
    }

    private static final int K = Var.values().length;

    public static final ArmAggregate EMPTY = new ArmAggregate(0, 0, 0, 0, 0, new double[K], new double[K * K]);

    private final long users;
    private final long exposures;
    private final long clicks;
    private final long conversions;
    private final long covariateUsers;
    private final double[] sums;
    private final double[] products;

    private ArmAggregate(long users, long exposures, long clicks, long conversions, long covariateUsers, double[] sums,
            double[] products) {
        this.users = users;
        this.exposures = exposures;
        this.clicks = clicks;
        this.conversions = conversions;
        this.covariateUsers = covariateUsers;
        this.sums = sums;
        this.products = products;
    }

    /** A user's history before the experiment, the CUPED covariate. */
    public record Covariate(long exposures, long conversions) {
    }

    /** Accumulates per-user totals; not thread-safe. */
    public static final class Builder {
        private long users;
        private long exposures;
        private long clicks;
        private long conversions;
        private long covariateUsers;
        private final double[] sums = new double[K];
        private final double[] products = new double[K * K];
        private final double[] v = new double[K];

        /** Adds one user's totals over the experiment, without a covariate. */
        public Builder addUser(long userExposures, long userClicks, long userConversions, double userCost) {
            return addUser(userExposures, userClicks, userConversions, userCost, null);
        }

        /** Adds one user's totals over the experiment and their pre-experiment covariate (null when unknown). */
        public Builder addUser(long userExposures, long userClicks, long userConversions, double userCost,
                Covariate covariate) {
            users++;
            exposures += userExposures;
            clicks += userClicks;
            conversions += userConversions;
            if (covariate != null) {
                covariateUsers++;
            }
            v[Var.ONE.ordinal()] = 1;
            v[Var.EXPOSURES.ordinal()] = userExposures;
            v[Var.CLICKS.ordinal()] = userClicks;
            v[Var.CONVERSIONS.ordinal()] = userConversions;
            v[Var.COST.ordinal()] = userCost;
            v[Var.PRE_EXPOSURES.ordinal()] = covariate == null ? 0 : covariate.exposures();
            v[Var.PRE_CONVERSIONS.ordinal()] = covariate == null ? 0 : covariate.conversions();
            v[Var.HAS_COVARIATE.ordinal()] = covariate == null ? 0 : 1;
            for (int i = 0; i < K; i++) {
                sums[i] += v[i];
                for (int j = i; j < K; j++) {
                    products[i * K + j] += v[i] * v[j];
                }
            }
            return this;
        }

        public long users() {
            return users;
        }

        public ArmAggregate build() {
            double[] p = products.clone();
            for (int i = 0; i < K; i++) {
                for (int j = 0; j < i; j++) {
                    p[i * K + j] = p[j * K + i];
                }
            }
            return new ArmAggregate(users, exposures, clicks, conversions, covariateUsers, sums.clone(), p);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public long users() {
        return users;
    }

    public long exposures() {
        return exposures;
    }

    public long clicks() {
        return clicks;
    }

    public long conversions() {
        return conversions;
    }

    public double cost() {
        return sums[Var.COST.ordinal()];
    }

    /** Users whose pre-experiment covariate is known. */
    public long covariateUsers() {
        return covariateUsers;
    }

    /** Σ over users of the variable. */
    public double sum(Var a) {
        return sums[a.ordinal()];
    }

    /** Σ over users of the product of two variables. */
    public double sum(Var a, Var b) {
        return products[a.ordinal() * K + b.ordinal()];
    }

    /** Sum of two disjoint sets of users (e.g. two controller replicas that saw different users). */
    public ArmAggregate plus(ArmAggregate o) {
        double[] s = new double[K];
        double[] p = new double[K * K];
        for (int i = 0; i < K; i++) {
            s[i] = sums[i] + o.sums[i];
        }
        for (int i = 0; i < K * K; i++) {
            p[i] = products[i] + o.products[i];
        }
        return new ArmAggregate(users + o.users, exposures + o.exposures, clicks + o.clicks,
                conversions + o.conversions, covariateUsers + o.covariateUsers, s, p);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ArmAggregate a && users == a.users && exposures == a.exposures && clicks == a.clicks
                && conversions == a.conversions && covariateUsers == a.covariateUsers && Arrays.equals(sums, a.sums)
                && Arrays.equals(products, a.products);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(users) * 31 + Arrays.hashCode(sums);
    }

    @Override
    public String toString() {
        return "ArmAggregate[users=" + users + ", exposures=" + exposures + ", clicks=" + clicks + ", conversions="
                + conversions + ", cost=" + cost() + ", covariateUsers=" + covariateUsers + "]";
    }
}
