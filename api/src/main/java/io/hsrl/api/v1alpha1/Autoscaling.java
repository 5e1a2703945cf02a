package io.hsrl.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** Horizontal autoscaling of the serving Deployment on CPU. */
@ValidationRule(value = "self.minReplicas <= self.maxReplicas", message = "minReplicas must not exceed maxReplicas")
public class Autoscaling {
    @Min(1) @Max(1000) @Default("1") @JsonPropertyDescription("Fewest replicas.")
    public Integer minReplicas = 1;
    @Min(1) @Max(1000) @Default("4") @JsonPropertyDescription("Most replicas.")
    public Integer maxReplicas = 4;
    @Min(1) @Max(100) @Default("70") @JsonPropertyDescription("Target average CPU utilisation, percent of requests.")
    public Integer targetCPUUtilizationPercentage = 70;
}
