package io.hsrl.core.agent;

/**
 * What one gradient step measured: losses, mean TD target and value, and per level the mean value and the mean
 * entropy of the level distribution (reference mode: L+1 values, one per context).
 */
public record UpdateReport(double actorLoss, double criticLoss, double meanTarget, double meanValue,
                           double meanAdvantage, double[] levelValues, double[] levelEntropies) {
    public double entropy() {
        double s = 0;
        for (double e : levelEntropies) {
            s += e;
        }
        return s;
    }

    public boolean finite() {
        boolean ok = Double.isFinite(actorLoss) && Double.isFinite(criticLoss) && Double.isFinite(meanValue);
        for (double v : levelValues) {
            ok &= Double.isFinite(v);
        }
        for (double e : levelEntropies) {
            ok &= Double.isFinite(e);
        }
        return ok;
    }
}
