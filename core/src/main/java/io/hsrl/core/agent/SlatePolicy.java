package io.hsrl.core.agent;

import java.util.Random;

/** Anything that serves slates from histories: the trained agent (greedy) and the baselines. */
public interface SlatePolicy {
    /** One slate of K distinct item indices per history. */
    int[][] slates(int[][] histories, int slateSize, Random random);
}
