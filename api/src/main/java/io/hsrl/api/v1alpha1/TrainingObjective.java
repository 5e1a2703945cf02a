package io.hsrl.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.hsrl.contracts.CostBudget;
import io.hsrl.contracts.ObjectiveType;

/** What the training maximises, and the cost it may spend doing so. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.type == 'conversions' || !has(self.costBudget) || self.costBudget == '"
        + CostBudget.DEFAULT_VALUE + "'", message = "costBudget applies to the conversions objective only")
public class TrainingObjective {
    @Default(ObjectiveType.DEFAULT_VALUE)
    @JsonPropertyDescription("engagement (the simulator's click reward) or conversions (conversions − λ·cost per slate, "
            + "λ ≥ 0 adapted by dual ascent so that the policy's cost per exposure meets costBudget). conversions needs "
            + "a learner that takes a reward: hsrl, a2c or ddpg.")
    public ObjectiveType type = ObjectiveType.DEFAULT;

    @Default(CostBudget.DEFAULT_VALUE)
    @Pattern(CostBudget.PATTERN)
    @Size(max = 32)
    @JsonPropertyDescription("Cost per exposure the conversions objective may spend: " + CostBudget.SYNTAX
            + ". Examples: +5%, -10%, abs:0.12.")
    public String costBudget = CostBudget.DEFAULT_VALUE;

    public TrainingObjective() {
    }

    public TrainingObjective(ObjectiveType type, String costBudget) {
        this.type = type;
        this.costBudget = costBudget;
    }
}
