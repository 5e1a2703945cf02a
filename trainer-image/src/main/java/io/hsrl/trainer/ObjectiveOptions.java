package io.hsrl.trainer;

import io.hsrl.contracts.CostBudget;
import io.hsrl.contracts.ObjectiveType;
import io.hsrl.contracts.TrainInvocation;
import io.hsrl.core.agent.Objective;
import picocli.CommandLine.Option;

/** What {@code train} maximises: the objective, its cost budget and the dual ascent on λ. */
public class ObjectiveOptions {
    @Option(names = TrainInvocation.OBJECTIVE, defaultValue = ObjectiveType.DEFAULT_VALUE, description = "engagement "
            + "(the simulator's click reward) or conversions (conversions − λ·cost per slate, λ adapted so that the "
            + "policy's cost per exposure meets --cost-budget).")
    String objective;
    @Option(names = TrainInvocation.COST_BUDGET, defaultValue = CostBudget.DEFAULT_VALUE, description = "Cost per exposure "
            + "allowed with --objective conversions: " + CostBudget.SYNTAX_FORMAT + ". Examples: +5%%, -10%%, abs:0.12.")
    String costBudget;
    @Option(names = "--dual-step", defaultValue = "" + Objective.DEFAULT_DUAL_STEP, description = "Rate of the dual "
            + "ascent on λ: λ ← max(0, λ + η·(cost − budget)) each iteration, η = rate × conversions per unit cost / "
            + "budget over the last --objective-window iterations.")
    double dualStep;
    @Option(names = "--objective-window", defaultValue = "" + Objective.DEFAULT_WINDOW, description = "Iterations the "
            + "running conversions and cost per exposure (and so λ's updates and whether the budget holds) are over.")
    int window;

    ObjectiveType type() {
        return ObjectiveType.parse(TrainInvocation.OBJECTIVE, objective);
    }

    CostBudget budget() {
        return CostBudget.parse(TrainInvocation.COST_BUDGET, costBudget);
    }

    /** Checks the options before any work starts; the errors name the option. */
    void validate() {
        type();
        budget();
        if (!(dualStep >= 0) || Double.isInfinite(dualStep)) {
            throw new IllegalArgumentException("--dual-step must be a finite number >= 0, was " + dualStep);
        }
        if (window < 1) {
            throw new IllegalArgumentException("--objective-window must be >= 1, was " + window);
        }
    }

    /** @param behaviourCostPerExposure the logging policy's cost per exposure on the training logs */
    Objective objective(double behaviourCostPerExposure) {
        validate();
        return new Objective(type(), budget(), behaviourCostPerExposure, dualStep, window);
    }
}
