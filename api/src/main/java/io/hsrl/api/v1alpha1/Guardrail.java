package io.hsrl.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/** A bound on a metric's relative increase: the upper confidence bound of its change must stay under it. */
public class Guardrail {
    @Required
    @Default("cost")
    @JsonPropertyDescription("The bounded metric: cost (per exposure), costPerUser or costPerConversion.")
    public GuardrailMetric metric = GuardrailMetric.COST;

    @Required
    @Min(0)
    @Max(1000)
    @JsonPropertyDescription("Largest acceptable relative increase, percent (5 means +5%).")
    public Double maxRelativeIncrease;

    public Guardrail() {
    }

    public Guardrail(GuardrailMetric metric, double maxRelativeIncrease) {
        this.metric = metric;
        this.maxRelativeIncrease = maxRelativeIncrease;
    }
}
