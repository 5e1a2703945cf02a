package io.hsrl.core.simulator;

/**
 * The environment state of B sessions (hsrl-reference.md §3 "State"), as host arrays (row-major; the caller makes
 * NDArrays in its own scope). An immutable snapshot: the environment never writes into a returned observation.
 *
 * @param history          (B,H) dense item indices, left-padded with {@link io.hsrl.core.data.ItemFeatures#PADDING}
 * @param historyFeatures  (B,H,d) features of the history items (padding → the dataset's padding vector)
 * @param profiles         (B,P) user profiles (read only by the URM; the HSRL policy ignores them, §13 item 28)
 * @param cumulativeReward (B) reward so far in each episode
 * @param temper           (B) patience left
 * @param steps            (B) slates served in the current episode
 */
public record Observation(int batchSize, int historyLength, int itemDimension, int profileDimension, int[] history,
                          float[] historyFeatures, float[] profiles, float[] cumulativeReward, float[] temper,
                          int[] steps) {

    public int historyItem(int session, int position) {
        return history[session * historyLength + position];
    }

    /** A copy of one session's history (H indices). */
    public int[] history(int session) {
        return java.util.Arrays.copyOfRange(history, session * historyLength, (session + 1) * historyLength);
    }
}
