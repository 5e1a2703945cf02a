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
        double[] response = new double[4]; // exposures, clicks, conversions, cost
        while (tracker.episodes() < episodes && steps < maxSteps) {
            int[][] slates = policy.slates(env.histories(), slateSize, random);
            for (int[] s : slates) {
                for (int i : s) {
                    served.set(i);
                }
            }
            SlateEnvironment.Step step = env.step(slates);
            if (step.conversions() != null && step.costs() != null) {
                for (int b = 0; b < slates.length; b++) {
                    for (int k = 0; k < slates[b].length; k++) {
                        response[0]++;
                        response[1] += step.feedback()[b][k];
                        response[2] += step.conversions()[b][k];
                        response[3] += step.costs()[b][k];
                    }
                }
            }
            for (float r : step.rewards()) {
                rewardSum += r;
                rewardCount++;
            }
            tracker.record(step.rewards(), firstDone(step.done(), episodes - tracker.episodes()));
            steps++;
        }
        return new Result(tracker.meanReward(), tracker.sdReward(), tracker.meanDepth(),
                rewardCount == 0 ? Double.NaN : rewardSum / rewardCount, served.cardinality() / (double) items,
                tracker.episodes(), steps, perExposure(response, 1), perExposure(response, 2), perExposure(response, 3));
    }

    private static double perExposure(double[] response, int i) {
        return response[0] == 0 ? Double.NaN : response[i] / response[0];
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

    /**
     * Averages over finished episodes; {@code avgRewardPerStep} and the per-exposure figures over all served steps
     * (NaN where the environment reports no advertising response).
     */
    public record Result(double avgTotalReward, double sdTotalReward, double avgDepth, double avgRewardPerStep,
                         double coverage, long episodes, int steps, double clicksPerExposure,
                         double conversionsPerExposure, double costPerExposure) {
        public Result(double avgTotalReward, double sdTotalReward, double avgDepth, double avgRewardPerStep,
                      double coverage, long episodes, int steps) {
            this(avgTotalReward, sdTotalReward, avgDepth, avgRewardPerStep, coverage, episodes, steps, Double.NaN,
                    Double.NaN, Double.NaN);
        }
    }
}
