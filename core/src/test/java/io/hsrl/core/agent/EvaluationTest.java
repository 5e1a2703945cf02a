package io.hsrl.core.agent;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class EvaluationTest {
    /** Four sessions that all end after every second step, user r earning r + 1 per step. */
    private static SlateEnvironment lockstep() {
        return new SlateEnvironment() {
            private int step;

            @Override
            public int users() {
                return 4;
            }

            @Override
            public int historyLength() {
                return 2;
            }

            @Override
            public int[][] histories() {
                return new int[4][2];
            }

            @Override
            public Step step(int[][] slates) {
                step++;
                float[] rewards = {1, 2, 3, 4};
                boolean[] done = new boolean[4];
                Arrays.fill(done, step % 2 == 0);
                return new Step(rewards, done, new float[4][1], new int[4][2]);
            }
        };
    }

    @Test
    void exactlyTheEpisodesAskedForCountWhenSeveralEndTogether() {
        SlatePolicy first = (h, k, r) -> new int[h.length][k];
        Evaluation.Result r = Evaluation.run(first, lockstep(), 1, 10, 6, 100, new Random(1));
        assertThat(r.episodes()).isEqualTo(6);
        // the first round of four episodes (2, 4, 6, 8) and the first two of the second (2, 4)
        assertThat(r.avgTotalReward()).isEqualTo((2 + 4 + 6 + 8 + 2 + 4) / 6.0);
        assertThat(r.avgDepth()).isEqualTo(2.0);
        assertThat(r.steps()).isEqualTo(4);
    }
}
