package io.hsrl.ab.events;

/** One user's totals in one arm: the unit the statistics sum over (the user is the randomisation unit). */
public record UserTotals(long exposures, long clicks, long conversions, double cost) {
    public UserTotals plus(UserTotals o) {
        return new UserTotals(exposures + o.exposures, clicks + o.clicks, conversions + o.conversions, cost + o.cost);
    }
}
