package io.hsrl.ab.stats;

/**
 * One guardrail evaluated: it holds when the whole interval of the change is under the limit, is breached when the
 * whole interval is above it, and is undetermined otherwise (collect more data).
 */
public record GuardrailResult(ExperimentDesign.GuardrailLimit limit, RelativeChange change, State state) {
    public enum State { HOLDS, BREACHED, UNDETERMINED }

    static GuardrailResult evaluate(ExperimentDesign.GuardrailLimit limit, RelativeChange change) {
        State s;
        if (change == null) {
            s = State.UNDETERMINED;
        } else if (change.highPercent() < limit.maxRelativeIncreasePercent()) {
            s = State.HOLDS;
        } else if (change.lowPercent() > limit.maxRelativeIncreasePercent()) {
            s = State.BREACHED;
        } else {
            s = State.UNDETERMINED;
        }
        return new GuardrailResult(limit, change, s);
    }
}
