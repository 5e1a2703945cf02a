package io.hsrl.core.simulator;

import io.hsrl.core.catalog.ItemTable;

/**
 * The standardised log price {@code z = (log price − mean) / sd} over a catalogue's priced items, the price input of
 * both conversion models (the hand-set {@link ConversionModel} and the fitted {@link FittedConversionModel}); items
 * without a price have z = 0. Defined once here, so that a conversion model fitted on the logs and the environment
 * that queries it read prices alike.
 */
public record PriceScale(double meanLogPrice, double sdLogPrice) {
    public PriceScale {
        if (!Double.isFinite(meanLogPrice) || !(sdLogPrice > 0) || Double.isInfinite(sdLogPrice)) {
            throw new IllegalArgumentException("price scale needs a finite mean and a positive sd, was "
                    + meanLogPrice + ", " + sdLogPrice);
        }
    }

    /** The scale of the catalogue's priced items (mean 0, sd 1 when none is priced). */
    public static PriceScale of(ItemTable items) {
        double sum = 0;
        double sq = 0;
        int priced = 0;
        for (int i = 0; i < items.size(); i++) {
            double p = items.price(i);
            if (p > 0) {
                double l = Math.log(p);
                sum += l;
                sq += l * l;
                priced++;
            }
        }
        double mean = priced == 0 ? 0 : sum / priced;
        double sd = priced == 0 ? 1 : Math.sqrt(Math.max(1e-12, sq / priced - mean * mean));
        return new PriceScale(mean, sd);
    }

    public double z(double price) {
        return price > 0 ? (Math.log(price) - meanLogPrice) / sdLogPrice : 0;
    }

    /** z of every item of the catalogue, by dense index. */
    public double[] zs(ItemTable items) {
        double[] out = new double[items.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = z(items.price(i));
        }
        return out;
    }
}
