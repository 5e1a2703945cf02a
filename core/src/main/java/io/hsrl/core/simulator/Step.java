package io.hsrl.core.simulator;

import java.util.List;

/**
 * The result of serving one slate to each of the B sessions (hsrl-reference.md §3 step 8, plus the advertising
 * response). Arrays are row-major over (B) or (B,K).
 *
 * @param rewards           (B) immediate rewards
 * @param done              (B) whether the user left after this slate (the row is already refilled in {@code next})
 * @param responses         (B,K) sampled clicks, 0/1
 * @param clickProbabilities (B,K) the URM's probabilities the clicks were drawn from
 * @param conversions       (B,K) sampled conversions, 0/1 (only clicked items convert)
 * @param costs             (B,K) advertising cost of each exposure (charged per click)
 * @param next              the next observation; for done rows, the new user's initial state
 * @param finished          every episode that ended at this step
 */
public record Step(float[] rewards, boolean[] done, float[] responses, float[] clickProbabilities, float[] conversions,
                   float[] costs, Observation next, List<FinishedEpisode> finished) {
}
