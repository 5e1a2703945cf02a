package io.hsrl.core.agent;

import java.util.BitSet;
import java.util.Random;

/**
 * The evaluation protocol (hsrl-reference.md §7.5): greedy slates on the simulator until a number of episodes have
 * finished (exactly that many count when several sessions end on the same step); total reward, depth, reward per
 * step and catalogue coverage.
 */
public final class Evaluation {
    private Evaluation() {
    }

    public static Result run(SlatePolicy policy, SlateEnvironment env, int slateSize, int items, int episodes,
                             int maxSteps, Random random) {
        EpisodeTracker tracker = new EpisodeTracker(env.users(), episodes);
        BitSet served = new BitSet(items);
        int steps = 0;
        double rewardSum = 0;
        long rewardCount = 0;
        while (tracker.episodes() < episodes && steps < maxSteps) {
            int[][] slates = policy.slates(env.histories(), slateSize, random);
            for (int[] s : slates) {
                for (int i : s) {
                    served.set(i);
                }
            }
            SlateEnvironment.Step step = env.step(slates);
            for (float r : step.rewards()) {
                rewardSum += r;
                rewardCount++;
            }
            tracker.record(step.rewards(), firstDone(step.done(), episodes - tracker.episodes()));
            steps++;
        }
        return new Result(tracker.meanReward(), tracker.sdReward(), tracker.meanDepth(),
                rewardCount == 0 ? Double.NaN : rewardSum / rewardCount, served.cardinality() / (double) items,
                tracker.episodes(), steps);
    }

    /** The done flags with all but the first {@code left} raised ones lowered: exactly the episodes asked for count. */
    static boolean[] firstDone(boolean[] done, long left) {
        boolean[] out = done.clone();
        long seen = 0;
        for (int r = 0; r < out.length; r++) {
            if (out[r] && ++seen > left) {
                out[r] = false;
            }
        }
        return out;
    }

    /** Averages over finished episodes; {@code avgRewardPerStep} over all served steps. */
    public record Result(double avgTotalReward, double sdTotalReward, double avgDepth, double avgRewardPerStep,
                         double coverage, long episodes, int steps) {
    }
}
