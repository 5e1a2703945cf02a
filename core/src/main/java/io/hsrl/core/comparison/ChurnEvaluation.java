package io.hsrl.core.comparison;

import io.hsrl.core.agent.SlateEnvironment;
import io.hsrl.core.agent.SlatePolicy;
import io.hsrl.core.simulator.ChurningCatalogue;

import java.util.BitSet;
import java.util.Random;

/**
 * The evaluation protocol of {@link io.hsrl.core.agent.Evaluation} (greedy slates until a number of episodes have
 * finished) with the catalogue still changing, plus what concerns new items: an episode's <em>new-item reward</em> is
 * the new items' part of {@code mean_with_cost} before the sweet-point transform, {@code Σ_t (1/K) Σ_{k new} (y_k −
 * 0.1·[y_k = 0])}: what the items that arrived after the start earned.
 */
final class ChurnEvaluation {
    private ChurnEvaluation() {
    }

    record Result(double avgTotalReward, double sdTotalReward, double avgDepth, double avgNewItemReward,
                  double newItemShare, double newItemClickRate, double coverage, long episodes, int steps) {
    }

    static Result run(SlatePolicy policy, SlateEnvironment env, ChurningCatalogue catalogue, int k, int episodes,
                      int maxSteps, Random random) {
        int b = env.users();
        double[] total = new double[b];
        double[] fresh = new double[b];
        int[] depth = new int[b];
        double sum = 0;
        double squares = 0;
        double depthSum = 0;
        double freshSum = 0;
        long finished = 0;
        long served = 0;
        long newServed = 0;
        long newClicks = 0;
        BitSet seen = new BitSet(catalogue.universe());
        int steps = 0;
        while (finished < episodes && steps < maxSteps) {
            int[][] slates = policy.slates(env.histories(), k, random);
            boolean[] isNew = new boolean[b * k];
            for (int r = 0; r < b; r++) {
                for (int j = 0; j < k; j++) {
                    seen.set(slates[r][j]);
                    isNew[r * k + j] = catalogue.isNew(slates[r][j]);
                }
            }
            SlateEnvironment.Step step = env.step(slates);
            for (int r = 0; r < b; r++) {
                total[r] += step.rewards()[r];
                depth[r]++;
                for (int j = 0; j < k; j++) {
                    served++;
                    if (isNew[r * k + j]) {
                        newServed++;
                        float y = step.feedback()[r][j];
                        newClicks += y == 1 ? 1 : 0;
                        fresh[r] += (y == 1 ? 1.0 : -0.1) / k;
                    }
                }
                if (step.done()[r] && finished < episodes) {
                    finished++;
                    sum += total[r];
                    squares += total[r] * total[r];
                    depthSum += depth[r];
                    freshSum += fresh[r];
                    total[r] = 0;
                    fresh[r] = 0;
                    depth[r] = 0;
                }
            }
            steps++;
        }
        double mean = finished == 0 ? Double.NaN : sum / finished;
        double sd = finished < 2 ? 0 : Math.sqrt(Math.max(0, (squares - finished * mean * mean) / (finished - 1)));
        return new Result(mean, sd, finished == 0 ? Double.NaN : depthSum / finished,
                finished == 0 ? Double.NaN : freshSum / finished, served == 0 ? 0 : newServed / (double) served,
                newServed == 0 ? Double.NaN : newClicks / (double) newServed,
                seen.cardinality() / (double) catalogue.size(), finished, steps);
    }
}
