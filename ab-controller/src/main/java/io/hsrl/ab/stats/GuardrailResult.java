package io.hsrl.ab.stats;

/**
 * One guardrail evaluated: it holds when the whole interval of the change is within the limits, is breached when
 * the whole interval is beyond one, and is undetermined otherwise (collect more data).
 */
public record GuardrailResult(ExperimentDesign.GuardrailLimit limit, RelativeChange change, State state) {
    public enum State { HOLDS, BREACHED, UNDETERMINED }

    static GuardrailResult evaluate(ExperimentDesign.GuardrailLimit limit, RelativeChange change) {
        if (change == null) {
            return new GuardrailResult(limit, null, State.UNDETERMINED);
        }
        boolean holds = true;
        boolean breached = false;
        if (!Double.isNaN(limit.maxRelativeIncreasePercent())) {
            holds = change.highPercent() < limit.maxRelativeIncreasePercent();
            breached = change.lowPercent() > limit.maxRelativeIncreasePercent();
        }
        if (!Double.isNaN(limit.maxRelativeDecreasePercent())) {
            holds &= change.lowPercent() > -limit.maxRelativeDecreasePercent();
            breached |= change.highPercent() < -limit.maxRelativeDecreasePercent();
        }
        return new GuardrailResult(limit, change, breached ? State.BREACHED : holds ? State.HOLDS : State.UNDETERMINED);
    }
}
