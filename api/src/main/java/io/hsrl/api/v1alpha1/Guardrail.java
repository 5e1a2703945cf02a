package io.hsrl.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * A bound on a metric's relative change: the whole interval of the change must stay under the increase bound (and
 * above minus the decrease bound). Costs take an increase bound; rates (ctr, cvr, postClickCvr) a decrease bound.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.maxRelativeIncrease) || has(self.maxRelativeDecrease)",
        message = "a guardrail needs maxRelativeIncrease or maxRelativeDecrease")
public class Guardrail {
    @Required
    @Default("cost")
    @JsonPropertyDescription("The bounded metric: cost (per exposure), costPerUser, costPerConversion (or cpa), cvr, postClickCvr or ctr.")
    public GuardrailMetric metric = GuardrailMetric.COST;

    @Min(0)
    @Max(1000)
    @JsonPropertyDescription("Largest acceptable relative increase, percent (5 means +5%).")
    public Double maxRelativeIncrease;

    @Min(0)
    @Max(100)
    @JsonPropertyDescription("Largest acceptable relative decrease, percent (2 means -2%).")
    public Double maxRelativeDecrease;

    public Guardrail() {
    }

    public Guardrail(GuardrailMetric metric, double maxRelativeIncrease) {
        this.metric = metric;
        this.maxRelativeIncrease = maxRelativeIncrease;
    }
}
