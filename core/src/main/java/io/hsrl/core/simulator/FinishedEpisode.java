package io.hsrl.core.simulator;

/**
 * One user's completed episode (every leaver is reported, not only the last one of a step: §13 item 20).
 *
 * @param session     the batch row the user occupied
 * @param totalReward Σ_t r_t over the episode (the cumulative reward at leave time, §3 "Metrics")
 * @param depth       slates served before the user left
 */
public record FinishedEpisode(int session, double totalReward, int depth, int clicks, int conversions, double cost) {
}
