package io.hsrl.ab.stats;

import io.hsrl.api.v1alpha1.Decision;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Turns the two arms' aggregates into results and a decision (architecture.md §3, AbExperiment):
 * <ul>
 * <li>PromoteTreatment: CVR lift significant and positive, every guardrail holds;</li>
 * <li>KeepControl: CVR lift significant and negative, or a guardrail is breached;</li>
 * <li>Continue: fewer than {@code minUsersPerArm} users in an arm, a sample-ratio mismatch, or undecided;</li>
 * <li>Inconclusive: still undecided at {@code maxDuration}.</li>
 * </ul>
 */
public final class ExperimentStatistics {
    private ExperimentStatistics() {
    }

    public static ExperimentAnalysis analyse(ArmAggregate control, ArmAggregate treatment, ExperimentDesign design,
            Duration elapsed) {
        return analyse(control, treatment, design, elapsed, Double.NaN);
    }

    /**
     * @param priorPValue the smallest always-valid p-value seen so far in this experiment (NaN if none): under the
     *                    sequential test the reported p-value is the running minimum, which stays valid because the
     *                    test controls the error over all looks at once. Ignored for fixed-horizon inference.
     */
    public static ExperimentAnalysis analyse(ArmAggregate control, ArmAggregate treatment, ExperimentDesign design,
            Duration elapsed, double priorPValue) {
        Inference inference = design.inference();
        double alpha = design.alpha();
        RelativeChange lift = RelativeChange.of(RatioMetric.CVR, control, treatment, inference, alpha);
        if (lift != null && design.sequential() && priorPValue < lift.pValue()) {
            lift = new RelativeChange(lift.percent(), lift.lowPercent(), lift.highPercent(), priorPValue,
                    lift.logRatio(), lift.logVariance());
        }
        RelativeChange cost = RelativeChange.of(RatioMetric.COST_PER_EXPOSURE, control, treatment, inference, alpha);
        List<GuardrailResult> guardrails = design.guardrails().stream()
                .map(g -> GuardrailResult.evaluate(g, g.ratioMetric() == RatioMetric.COST_PER_EXPOSURE ? cost
                        : RelativeChange.of(g.ratioMetric(), control, treatment, inference, alpha)))
                .toList();
        SampleRatio srm = SampleRatio.test(control.users(), treatment.users(), design.treatmentPercent(),
                design.srmMinUsersPerArm());
        boolean enough = Math.min(control.users(), treatment.users()) >= design.minUsersPerArm();
        boolean significant = lift != null && lift.pValue() <= alpha;

        Decision decision = Decision.Continue;
        if (enough && !srm.mismatch()) {
            boolean breached = guardrails.stream().anyMatch(g -> g.state() == GuardrailResult.State.BREACHED);
            boolean hold = guardrails.stream().allMatch(g -> g.state() == GuardrailResult.State.HOLDS);
            if (breached || (significant && lift.logRatio() < 0)) {
                decision = Decision.KeepControl;
            } else if (significant && lift.logRatio() > 0 && hold) {
                decision = Decision.PromoteTreatment;
            }
        }
        if (decision == Decision.Continue && design.maxDuration() != null && elapsed.compareTo(design.maxDuration()) >= 0) {
            decision = Decision.Inconclusive;
        }
        ExperimentAnalysis partial = new ExperimentAnalysis(control, treatment, RatioMetric.CVR.estimate(control),
                RatioMetric.CVR.estimate(treatment), lift, cost, guardrails, srm, enough, significant, decision, null,
                inference.method(), 1 - alpha);
        return new ExperimentAnalysis(control, treatment, partial.controlCvr(), partial.treatmentCvr(), lift, cost,
                guardrails, srm, enough, significant, decision, summary(partial, design), inference.method(), 1 - alpha);
    }

    /** E.g. "CVR +18.4% [+12.1, +24.9], cost +1.3% [−0.4, +3.0]: promote". */
    static String summary(ExperimentAnalysis a, ExperimentDesign design) {
        StringBuilder s = new StringBuilder();
        s.append(design.primaryName()).append(' ').append(change(a.cvrLift()));
        s.append(", ").append(design.costName()).append(' ').append(change(a.costDelta()));
        s.append(": ").append(switch (a.decision()) {
            case PromoteTreatment -> "promote";
            case KeepControl -> a.guardrailBreached() ? "keep control (guardrail breached)" : "keep control";
            case Inconclusive -> "inconclusive";
            case Continue -> continueReason(a, design);
        });
        return s.toString();
    }

    private static String continueReason(ExperimentAnalysis a, ExperimentDesign design) {
        if (!a.enoughUsers()) {
            return String.format(Locale.ROOT, "continue (%d of %d users per arm)",
                    Math.min(a.control().users(), a.treatment().users()), design.minUsersPerArm());
        }
        if (a.sampleRatio().mismatch()) {
            return "continue (sample ratio mismatch)";
        }
        return "continue";
    }

    static String change(RelativeChange c) {
        if (c == null) {
            return "n/a";
        }
        return signed(c.percent()) + "% [" + signed(c.lowPercent()) + ", " + signed(c.highPercent()) + "]";
    }

    /** One decimal, explicit sign, a real minus sign (U+2212) as in the paper's tables. */
    static String signed(double v) {
        String s = String.format(Locale.ROOT, "%+.1f", v);
        if (s.equals("-0.0")) {
            s = "+0.0";
        }
        return s.replace('-', '\u2212');
    }
}
