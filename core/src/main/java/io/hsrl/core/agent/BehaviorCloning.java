package io.hsrl.core.agent;

/**
 * How hsrl mode's behaviour loss ({@code behaviorLr > 0}) shapes the clone the RL signal improves on. Both terms are
 * off by default.
 *
 * @param contrast weight of a within-slate term added to the clicked paths' negative log-likelihood: each clicked
 *                 item's path probability against those of the other items of its (logged or replayed) slate,
 *                 {@code −log(π(i) / Σ_{j∈slate} π(j))}. It learns from the unclicked exposures as the supervised
 *                 baseline's click model does, and removes the logging policy's exposure from what is cloned (the
 *                 catalogue-wide likelihood alone clones {@code P(exposed) · P(click)})
 * @param anchor   0 = the behaviour loss steps with its own Adam at every update; {@code > 0} = it does so only while the
 *                 critic warms up ({@link HsrlLearning#criticWarmup()}, the clone phase), and from the first RL step
 *                 of the actor the clone is frozen and the actor's loss gets {@code anchor · Σ_l KL(π_clone,l ‖ π_l)} on
 *                 the replayed token paths instead (a trust region around the clone rather than a fixed
 *                 cross-entropy pull towards the logs). The frozen clone is not checkpointed: a run resumed after
 *                 the warm-up freezes the policy it resumes with
 */
public record BehaviorCloning(double contrast, double anchor) {
    public static final BehaviorCloning OFF = new BehaviorCloning(0, 0);

    public BehaviorCloning {
        if (!(contrast >= 0) || Double.isInfinite(contrast)) {
            throw new IllegalArgumentException("behaviour contrast must be a finite number ≥ 0, was " + contrast);
        }
        if (!(anchor >= 0) || Double.isInfinite(anchor)) {
            throw new IllegalArgumentException("behaviour anchor must be a finite number ≥ 0, was " + anchor);
        }
    }

    public boolean off() {
        return contrast == 0 && anchor == 0;
    }
}
