package io.hsrl.core.simulator;

/**
 * The advertising response of one exposure, for measuring a policy's CVR and cost (the A/B scenario, §12 "+CVR at
 * +cost"): a click costs {@code costPerClick · price}; a clicked item converts with probability
 * {@code σ(intercept + affinityWeight·logit(p_click) − priceWeight·z)}, where {@code p_click} is the URM's click
 * probability for this user and item (the user's affinity) and {@code z} the item's standardised log price over the
 * catalogue. Items without a price have z = 0 and cost nothing. The defaults mirror the synthetic generator's
 * ground-truth conversion model in form.
 */
public record ConversionModel(double intercept, double affinityWeight, double priceWeight, double costPerClick) {
    public ConversionModel {
        if (costPerClick < 0) {
            throw new IllegalArgumentException("cost per click must be non-negative, was " + costPerClick);
        }
    }

    public static ConversionModel defaults() {
        return new ConversionModel(-1.5, 0.5, 0.6, 0.05);
    }

    /** Conversion probability given a click. */
    public double probability(double clickProbability, double priceZ) {
        double p = Math.min(Math.max(clickProbability, 1e-6), 1 - 1e-6);
        double logit = Math.log(p / (1 - p));
        return 1 / (1 + Math.exp(-(intercept + affinityWeight * logit - priceWeight * priceZ)));
    }

    public double cost(double price) {
        return costPerClick * price;
    }
}
