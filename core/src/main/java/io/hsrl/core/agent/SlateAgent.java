package io.hsrl.core.agent;

import io.hsrl.core.policy.DecodedSlates;

import java.util.Map;
import java.util.Random;

/** A learning agent the training loop drives: HSRL ({@link HsrlAgent}) or the flat item-level A2C baseline. */
public interface SlateAgent extends AutoCloseable {
    AgentConfig config();

    /** Slates for the given histories: exploring while training, greedy otherwise. */
    DecodedSlates act(int[][] histories, boolean explore, Random random);

    /** Warm-up slates (ε = 1). */
    DecodedSlates warmupSlates(int users, Random random);

    /** One gradient step on a replay minibatch. */
    UpdateReport update(ReplayBuffer.Sample batch);

    /** Parameters, targets and optimiser states by file name. */
    Map<String, byte[]> state();

    void restore(Map<String, byte[]> state, String source);

    @Override
    void close();
}
