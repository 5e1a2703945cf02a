package io.hsrl.core.agent;

import io.hsrl.core.nn.ParameterSet;
import io.hsrl.core.optim.TorchAdam;

import java.util.Locale;

/**
 * One trained network of the actor-critic (hsrl-reference.md §7.4): its parameters, its Polyak target and its torch
 * Adam. {@link #step} checks the gradients, optionally clips their global norm, steps Adam, checks the values and
 * zeroes the gradients; {@link #followTarget} is the Polyak update. Every operation works on the flat layout of the
 * parameter set, so it costs a handful of tensor ops whatever the number of tensors.
 */
final class TrainedNetwork implements AutoCloseable {
    private final String name;
    private final ParameterSet params;
    private final ParameterSet target;
    private final TorchAdam optimizer;

    TrainedNetwork(String name, ParameterSet params, ParameterSet target, double lr, double weightDecay) {
        this.name = name;
        this.params = params;
        this.target = target;
        this.optimizer = new TorchAdam(params, lr, weightDecay);
    }

    TorchAdam optimizer() {
        return optimizer;
    }

    /**
     * Clips (when {@code maxGradNorm > 0}), steps and zeroes the gradients; returns the gradient norm before clipping.
     *
     * @throws NonFiniteTrainingException naming the tensor, when a gradient or, after the step, a value is not finite
     */
    double step(double maxGradNorm) {
        double norm = params.clipGradientNorm(maxGradNorm);
        if (!Double.isFinite(norm)) {
            throw new NonFiniteTrainingException(String.format(Locale.ROOT, "%s gradient: %s (global norm %s)", name,
                    params.firstNonFinite(true).orElse("every element finite, their squared sum overflows"), norm));
        }
        optimizer.step();
        params.zeroGradients();
        if (!params.valuesFinite()) {
            throw new NonFiniteTrainingException(name + " parameter after the Adam step: "
                    + params.firstNonFinite(false).orElse("the sum overflows"));
        }
        return norm;
    }

    /** θ′ ← τ·θ + (1 − τ)·θ′ (§7.4 step 6). */
    void followTarget(float tau) {
        target.polyakFrom(params, tau);
    }

    @Override
    public void close() {
        optimizer.close();
    }
}
