package io.hsrl.core.agent;

/**
 * What the latent-action (DDPG/HAC) baseline adds to {@link AgentConfig} (hsrl-reference.md §9.3, train_hac.sh):
 *
 * @param noise          standard deviation of the Gaussian exploration noise added to the action vector
 * @param alignmentCoef  weight of HAC's alignment loss {@code MSE(Z(π's slate), a)} (the reference's hyper_actor_coef)
 * @param behaviorCoef   weight of the behaviour BCE of the exposed items' scores against the observed clicks (0 =
 *                       plain DDPG, as train_ddpg.sh's behavior_lr 0)
 */
public record LatentActionConfig(double noise, double alignmentCoef, double behaviorCoef) {
    public LatentActionConfig {
        if (!(noise >= 0) || !(alignmentCoef >= 0) || !(behaviorCoef >= 0)) {
            throw new IllegalArgumentException("noise, alignmentCoef and behaviorCoef must be ≥ 0");
        }
    }

    /** The reference's HAC values: noise 0.1, hyper_actor_coef 0.1, no behaviour loss. */
    public static LatentActionConfig defaults() {
        return new LatentActionConfig(0.1, 0.1, 0.0);
    }
}
