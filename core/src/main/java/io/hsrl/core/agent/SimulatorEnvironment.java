package io.hsrl.core.agent;

import io.hsrl.core.simulator.Environment;
import io.hsrl.core.simulator.Observation;

/** The simulator's {@link Environment} as the agent sees it: histories in, slates out, rewards and leavers back. */
public final class SimulatorEnvironment implements SlateEnvironment {
    private final Environment environment;
    private Observation current;

    /** Resets the environment with {@code seed}. */
    public SimulatorEnvironment(Environment environment, long seed) {
        this.environment = environment;
        this.current = environment.reset(seed);
    }

    public Environment environment() {
        return environment;
    }

    /** The sessions' current state (profiles and history features included), as the simulator holds it. */
    public Observation observation() {
        return current;
    }

    @Override
    public int users() {
        return environment.batchSize();
    }

    @Override
    public int historyLength() {
        return environment.historyLength();
    }

    @Override
    public int[][] histories() {
        return histories(current);
    }

    private static int[][] histories(Observation o) {
        int[][] out = new int[o.batchSize()][];
        for (int r = 0; r < out.length; r++) {
            out[r] = o.history(r);
        }
        return out;
    }

    @Override
    public SlateEnvironment.Step step(int[][] slates) {
        io.hsrl.core.simulator.Step s = environment.step(slates);
        current = s.next();
        int b = environment.batchSize();
        int k = environment.slateSize();
        float[][] feedback = new float[b][k];
        float[][] conversions = new float[b][k];
        float[][] costs = new float[b][k];
        for (int r = 0; r < b; r++) {
            System.arraycopy(s.responses(), r * k, feedback[r], 0, k);
            System.arraycopy(s.conversions(), r * k, conversions[r], 0, k);
            System.arraycopy(s.costs(), r * k, costs[r], 0, k);
        }
        return new SlateEnvironment.Step(s.rewards(), s.done(), feedback, histories(current), conversions, costs);
    }
}
