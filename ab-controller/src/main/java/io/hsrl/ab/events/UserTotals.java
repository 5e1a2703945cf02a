package io.hsrl.ab.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hsrl.ab.stats.ArmAggregate;

/**
 * One user's totals in one arm: the unit the statistics sum over (the user is the randomisation unit), and their
 * pre-experiment history when it was sent (null otherwise).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UserTotals(long exposures, long clicks, long conversions, double cost, Long preExposures,
        Long preConversions) {

    public UserTotals(long exposures, long clicks, long conversions, double cost) {
        this(exposures, clicks, conversions, cost, null, null);
    }

    /** Sums the counts; the covariate is the user's, whichever replica saw it. */
    public UserTotals plus(UserTotals o) {
        boolean mine = preExposures != null;
        return new UserTotals(exposures + o.exposures, clicks + o.clicks, conversions + o.conversions, cost + o.cost,
                mine ? preExposures : o.preExposures, mine ? preConversions : o.preConversions);
    }

    /** The covariate, or null when unknown. */
    public ArmAggregate.Covariate covariate() {
        return preExposures == null ? null
                : new ArmAggregate.Covariate(preExposures, preConversions == null ? 0 : preConversions);
    }
}
