package io.hsrl.core.agent;

/**
 * How hsrl mode turns its critic into per-token learning signals (hsrl-reference.md §15). reference mode ignores it.
 *
 * @param itemCredit      reward units of one click in a slate item's own return: each item's TD target is the slate's
 *                        {@code Q} plus {@code itemCredit · (y_k − ȳ)}, its click against the slate's mean click (the
 *                        deviations sum to zero over the slate, so the slate's return is unchanged). 1.1 is the exact
 *                        per-item share of {@code mean_with_cost} (a click is worth (1 + 0.1)/K of the slate's reward,
 *                        K items); the default 2 weighs the item's own click above its share, so that every level's
 *                        advantage carries more of it against the noise of the slate's return, which all K items
 *                        share; 0 = every item of a slate shares the slate's return (slate-level credit only)
 * @param advantageNorm   normalise each level's advantages over the minibatch (zero mean, unit standard deviation), so
 *                        that every level's policy gradient has the same scale against the entropy term; without it the
 *                        first level's advantage {@code V_1 − V_0} is an order of magnitude smaller than the last one's
 * @param criticWarmup    gradient steps that train only the critic before the actor moves (the advantages of an
 *                        untrained critic are noise)
 * @param tokenCritic     per-level baselines from the token-level values {@code V_l(s, z_<l)} (the paper's Multi-Level
 *                        Critic); false = one value: every level gets the item's advantage against the state value
 *                        {@code Q_k − V_0}
 * @param tokenLambda     with the token-level critic, the λ of a generalised advantage estimate over the levels:
 *                        {@code A_l = Σ_{j≥l} λ^{j−l} δ_j} with {@code δ_j = V_{j+1} − V_j} and {@code δ_{L−1} = Q_k − V_{L−1}};
 *                        1 = {@code Q_k − V_l} (each token against its own prefix's value), 0 = {@code V_{l+1} − V_l}
 *                        (the critic's one-step differences alone)
 * @param residualState   the Hierarchical Policy Network's residual state per level, {@code c_l = LN_l(c_{l−1} − T_l[z_l])}
 *                        (the paper's); false (an ablation) conditions every level on the state alone
 * @param entropyTarget   0 = one entropy coefficient for every level (the agent's {@code entropyCoef}); in (0, 1) = each
 *                        level has its own coefficient, lowered while the level's token entropy is above
 *                        {@code entropyTarget · ln V_l} (V_l its vocabulary) and raised again below it, within
 *                        [{@code entropyCoef}·{@value #MIN_ENTROPY_SCALE}, {@code entropyCoef}]: a level whose policy
 *                        gradient is too weak to leave uniform against the bonus gets less bonus, one that collapses
 *                        gets it back (the adapted coefficients are not checkpointed: a resumed run starts them again
 *                        at {@code entropyCoef})
 * @param advantageClip   each level's advantage is clipped to [−bound, bound] ({@link #advantageBound()}): this value
 *                        when &gt; 0 (1 = the reference's [−1, 1]); 0 (the default) = {@code max(1, itemCredit)}, so that
 *                        an item's own click, worth up to {@code itemCredit}, is not cut off: with the reference's
 *                        bound and a credit above 1 the clicked items' advantages saturate while the others' do not,
 *                        which biases every level's advantage below zero
 * @param groundTokens    0 = the token heads start as drawn (random, near uniform); &gt; 0 = each level's head starts from
 *                        the items its tokens stand for ({@link io.hsrl.core.policy.TokenGrounding}): a token's logit is
 *                        the state's similarity to the token's residual centroid under the encoder's item map, the rows
 *                        of root-mean-square norm {@code groundTokens}, as the flat baselines score an item by the
 *                        state's similarity to its embedding
 */
public record HsrlLearning(double itemCredit, boolean advantageNorm, int criticWarmup, boolean tokenCritic,
                           double tokenLambda, boolean residualState, double entropyTarget, double advantageClip,
                           double groundTokens) {
    /** The smallest per-level entropy coefficient, as a fraction of {@code entropyCoef}, with an entropy target. */
    public static final double MIN_ENTROPY_SCALE = 0.001;
    /** Step of a level's log entropy coefficient per nat of entropy above or below its target, per gradient step. */
    public static final double ENTROPY_TARGET_RATE = 0.05;

    /** With the residual state per level. */
    public HsrlLearning(double itemCredit, boolean advantageNorm, int criticWarmup, boolean tokenCritic, double tokenLambda) {
        this(itemCredit, advantageNorm, criticWarmup, tokenCritic, tokenLambda, true);
    }

    /** One entropy coefficient for every level. */
    public HsrlLearning(double itemCredit, boolean advantageNorm, int criticWarmup, boolean tokenCritic, double tokenLambda,
                        boolean residualState) {
        this(itemCredit, advantageNorm, criticWarmup, tokenCritic, tokenLambda, residualState, 0);
    }

    /** Token heads that start as drawn. */
    public HsrlLearning(double itemCredit, boolean advantageNorm, int criticWarmup, boolean tokenCritic, double tokenLambda,
                        boolean residualState, double entropyTarget, double advantageClip) {
        this(itemCredit, advantageNorm, criticWarmup, tokenCritic, tokenLambda, residualState, entropyTarget, advantageClip, 0);
    }

    /** Advantages clipped to the reference's [−1, 1]. */
    public HsrlLearning(double itemCredit, boolean advantageNorm, int criticWarmup, boolean tokenCritic, double tokenLambda,
                        boolean residualState, double entropyTarget) {
        this(itemCredit, advantageNorm, criticWarmup, tokenCritic, tokenLambda, residualState, entropyTarget, 1);
    }

    public HsrlLearning {
        if (!(itemCredit >= 0) || Double.isInfinite(itemCredit)) {
            throw new IllegalArgumentException("itemCredit must be a finite number ≥ 0, was " + itemCredit);
        }
        if (!(tokenLambda >= 0 && tokenLambda <= 1)) {
            throw new IllegalArgumentException("tokenLambda must be in [0, 1], was " + tokenLambda);
        }
        if (!(entropyTarget >= 0 && entropyTarget < 1)) {
            throw new IllegalArgumentException("entropyTarget must be in [0, 1), was " + entropyTarget);
        }
        if (!(advantageClip >= 0) || Double.isInfinite(advantageClip)) {
            throw new IllegalArgumentException("advantageClip must be a finite number ≥ 0, was " + advantageClip);
        }
        if (!(groundTokens >= 0) || Double.isInfinite(groundTokens)) {
            throw new IllegalArgumentException("groundTokens must be a finite number ≥ 0, was " + groundTokens);
        }
        if (criticWarmup < 0) {
            throw new IllegalArgumentException("criticWarmup must be ≥ 0, was " + criticWarmup);
        }
    }

    /** Default {@link #itemCredit()}. */
    public static final double DEFAULT_ITEM_CREDIT = 2.0;
    /** Default {@link #entropyTarget()}: each level's bonus is lowered while its entropy is above half of uniform's. */
    public static final double DEFAULT_ENTROPY_TARGET = 0.5;
    /** Default {@link #groundTokens()}: the token heads start from their items, rows of norm 1. */
    public static final double DEFAULT_GROUND_TOKENS = 1.0;

    /**
     * The defaults hsrl mode trains with: item credit {@value #DEFAULT_ITEM_CREDIT} with advantages clipped to
     * [−{@value #DEFAULT_ITEM_CREDIT}, {@value #DEFAULT_ITEM_CREDIT}], critic warm-up 100, token-level critic with λ = 1,
     * residual state, an entropy target of {@value #DEFAULT_ENTROPY_TARGET} per level and token heads grounded in their
     * items at norm {@value #DEFAULT_GROUND_TOKENS}.
     */
    public static HsrlLearning defaults() {
        return new HsrlLearning(DEFAULT_ITEM_CREDIT, false, 100, true, 1.0, true, DEFAULT_ENTROPY_TARGET, 0,
                DEFAULT_GROUND_TOKENS);
    }

    /** The bound of the advantages' clip: {@link #advantageClip()}, or {@code max(1, itemCredit)} when it is 0. */
    public double advantageBound() {
        return advantageClip > 0 ? advantageClip : Math.max(1, itemCredit);
    }

    /**
     * The defaults before the larger item credit: each item's exact share of the slate's reward (item credit 1.1),
     * advantages clipped to the reference's [−1, 1].
     */
    public static HsrlLearning exactShare() {
        return new HsrlLearning(1.1, false, 100, true, 1.0, true, 0, 1);
    }

    /**
     * The per-token signal of the first implementation of §15, for ablations: slate-level credit, raw advantages, no
     * warm-up, one-step token differences {@code V_{l+1} − V_l}.
     */
    public static HsrlLearning plain() {
        return new HsrlLearning(0, false, 0, true, 0);
    }
}
