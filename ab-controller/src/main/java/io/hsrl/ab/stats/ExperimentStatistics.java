package io.hsrl.ab.stats;

import io.hsrl.api.v1alpha1.Decision;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * Turns the two arms' aggregates into results and a decision (architecture.md §3, AbExperiment):
 * <ul>
 * <li>PromoteTreatment: the decision metric's change significant and for the better (up for CVR, post-click CVR and
 * CTR, down for CPA), every guardrail holds;</li>
 * <li>KeepControl: the decision metric significantly worse, or a guardrail is breached;</li>
 * <li>Continue: fewer than {@code minUsersPerArm} users in an arm, a sample-ratio mismatch, or undecided;</li>
 * <li>Inconclusive: still undecided at {@code maxDuration}.</li>
 * </ul>
 * Every number comes from the two aggregates passed in, so the results, the summary and the decision always agree
 * with the counts they were computed from. The p-value is the current one: under the sequential test it is
 * below α exactly when the current confidence sequence excludes no change, and stopping at the first such look keeps
 * the error rate (Ville's inequality).
 */
public final class ExperimentStatistics {
    private ExperimentStatistics() {
    }

    public static ExperimentAnalysis analyse(ArmAggregate control, ArmAggregate treatment, ExperimentDesign design,
            Duration elapsed) {
        Inference inference = design.inference();
        double alpha = design.alpha();
        Map<RatioMetric, RelativeChange> changes = new EnumMap<>(RatioMetric.class);
        for (RatioMetric m : RatioMetric.values()) {
            RelativeChange c = RelativeChange.of(m, control, treatment, inference, alpha, design.cuped());
            if (c != null) {
                changes.put(m, c);
            }
        }
        List<GuardrailResult> guardrails = design.guardrails().stream()
                .map(g -> GuardrailResult.evaluate(g, changes.get(g.ratioMetric())))
                .toList();
        SampleRatio srm = SampleRatio.test(control.users(), treatment.users(), design.treatmentPercent(),
                design.srmMinUsersPerArm());
        long smaller = Math.min(control.users(), treatment.users());
        boolean enough = smaller >= design.minUsersPerArm();
        RelativeChange primary = changes.get(design.primary());
        boolean significant = primary != null && primary.pValue() <= alpha;
        boolean better = primary != null && (design.primary().higherIsBetter() ? primary.logRatio() > 0
                : primary.logRatio() < 0);

        Decision decision = Decision.Continue;
        if (enough && !srm.mismatch()) {
            boolean breached = guardrails.stream().anyMatch(g -> g.state() == GuardrailResult.State.BREACHED);
            boolean hold = guardrails.stream().allMatch(g -> g.state() == GuardrailResult.State.HOLDS);
            if (breached || (significant && !better)) {
                decision = Decision.KeepControl;
            } else if (significant && better && hold) {
                decision = Decision.PromoteTreatment;
            }
        }
        if (decision == Decision.Continue && design.maxDuration() != null && elapsed.compareTo(design.maxDuration()) >= 0) {
            decision = Decision.Inconclusive;
        }
        Power power = Power.of(primary, smaller, design.minDetectableEffectPercent(), design.targetPower(), inference,
                alpha);
        ExperimentAnalysis partial = new ExperimentAnalysis(control, treatment, design.primary(), changes, guardrails,
                srm, enough, significant, decision, null, inference.method(), 1 - alpha, power);
        return partial.withSummary(summary(partial, design));
    }

    /** E.g. "CVR +18.4% [+12.1, +24.9], cost +1.3% [−0.4, +3.0]: promote". */
    static String summary(ExperimentAnalysis a, ExperimentDesign design) {
        StringBuilder s = new StringBuilder();
        RelativeChange p = a.primaryChange();
        s.append(design.primaryName()).append(' ').append(change(p));
        if (p != null && p.adjusted()) {
            s.append(" (CUPED, variance ").append(signed(-100 * p.varianceReduction())).append("%)");
        }
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
        Power p = a.power();
        if (p != null && p.usersNeededPerArm() != Long.MAX_VALUE) {
            long still = p.usersStillNeeded(Math.min(a.control().users(), a.treatment().users()));
            if (still > 0) {
                return String.format(Locale.ROOT, "continue (about %d more users per arm for %.0f%% power at %s%%)",
                        still, 100 * p.target(), signed(p.effectPercent()).substring(1));
            }
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
