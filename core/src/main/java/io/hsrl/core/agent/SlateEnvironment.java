package io.hsrl.core.agent;

/**
 * What the agent needs from a simulator (hsrl-reference.md §3): B user sessions in lockstep, observed as item
 * histories (dense item indices, −1 = padding, most recent last), stepped with one slate per session. Sessions whose
 * user left are refilled by the environment: the history it returns for them is the new user's.
 */
public interface SlateEnvironment {
    int users();

    int historyLength();

    /** Current histories (B × H); a copy. */
    int[][] histories();

    /** Serves one slate per session (B × K distinct dense item indices). */
    Step step(int[][] slates);

    /**
     * @param rewards   immediate reward per session
     * @param done      whether the session's user left (the next history is then the new user's)
     * @param feedback  per-item response y (B × K), 1 = clicked
     * @param conversions per-item conversions (B × K); null when the environment has no advertising response
     * @param costs     per-item advertising cost (B × K); null when the environment has no advertising response
     */
    record Step(float[] rewards, boolean[] done, float[][] feedback, int[][] nextHistories, float[][] conversions,
                float[][] costs) {
        /** Without an advertising response. */
        public Step(float[] rewards, boolean[] done, float[][] feedback, int[][] nextHistories) {
            this(rewards, done, feedback, nextHistories, null, null);
        }
    }
}
