package io.hsrl.ab.stats;

/**
 * Everything the statistics need about one arm: sums over its users of the per-user totals and of their squares and
 * cross-products. The user is the randomisation unit, so variances come from these per-user sums (the delta method
 * for ratio metrics), never from per-exposure counts as if exposures were independent.
 */
public record ArmAggregate(long users, long exposures, long clicks, long conversions, double cost,
        double exposuresSq, double conversionsSq, double costSq,
        double exposuresConversions, double exposuresCost, double conversionsCost) {

    public static final ArmAggregate EMPTY = new ArmAggregate(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** Accumulates per-user totals; not thread-safe. */
    public static final class Builder {
        private long users;
        private long exposures;
        private long clicks;
        private long conversions;
        private double cost;
        private double ee;
        private double cc;
        private double kk;
        private double ec;
        private double ek;
        private double ck;

        /** Adds one user's totals over the experiment. */
        public Builder addUser(long userExposures, long userClicks, long userConversions, double userCost) {
            users++;
            exposures += userExposures;
            clicks += userClicks;
            conversions += userConversions;
            cost += userCost;
            double e = userExposures;
            double c = userConversions;
            ee += e * e;
            cc += c * c;
            kk += userCost * userCost;
            ec += e * c;
            ek += e * userCost;
            ck += c * userCost;
            return this;
        }

        public long users() {
            return users;
        }

        public ArmAggregate build() {
            return new ArmAggregate(users, exposures, clicks, conversions, cost, ee, cc, kk, ec, ek, ck);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Sum of two disjoint sets of users (e.g. two controller replicas that saw different users). */
    public ArmAggregate plus(ArmAggregate o) {
        return new ArmAggregate(users + o.users, exposures + o.exposures, clicks + o.clicks,
                conversions + o.conversions, cost + o.cost, exposuresSq + o.exposuresSq,
                conversionsSq + o.conversionsSq, costSq + o.costSq, exposuresConversions + o.exposuresConversions,
                exposuresCost + o.exposuresCost, conversionsCost + o.conversionsCost);
    }
}
