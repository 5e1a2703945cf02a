package io.hsrl.core.testing;

import io.hsrl.core.data.ItemFeatures;
import io.hsrl.core.data.LoggedSlates;

import java.util.Random;

/** Logs of the toy simulator under a uniformly random logging policy: what the supervised baseline learns from. */
public final class ToyLogs {
    private ToyLogs() {
    }

    /** {@code steps} logged steps of all the simulator's users: history before the slate, the slate, its clicks. */
    public static LoggedSlates record(ToySimulator env, ItemFeatures features, int slateSize, int steps, long seed) {
        Random random = new Random(seed);
        LoggedSlates.Builder b = LoggedSlates.builder(features, slateSize, env.historyLength(), 1, "toy-log-" + seed);
        long t = 0;
        for (int s = 0; s < steps; s++) {
            int[][] h = env.histories();
            int[][] slates = new int[h.length][];
            for (int r = 0; r < h.length; r++) {
                slates[r] = random.ints(0, env.items()).distinct().limit(slateSize).toArray();
            }
            float[][] clicks = env.step(slates).feedback();
            for (int r = 0; r < h.length; r++) {
                b.add(r, t++, slates[r], clicks[r], null, null, h[r], new float[] {0});
            }
        }
        return b.build();
    }
}
