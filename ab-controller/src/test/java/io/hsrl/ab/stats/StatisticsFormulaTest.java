package io.hsrl.ab.stats;

import io.hsrl.api.v1alpha1.Decision;
import io.hsrl.api.v1alpha1.GuardrailMetric;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The formulas against small cases computed by hand. */
class StatisticsFormulaTest {

    @Test
    void normalDistributionMatchesTables() {
        assertThat(NormalDistribution.cdf(1.96)).isCloseTo(0.9750021, within(1e-6));
        assertThat(NormalDistribution.cdf(-1.0)).isCloseTo(0.1586553, within(1e-6));
        assertThat(NormalDistribution.cdf(0)).isCloseTo(0.5, within(1e-7));
        assertThat(NormalDistribution.twoSidedP(4.0)).isCloseTo(6.334248e-5, within(1e-9));
        assertThat(NormalDistribution.quantile(0.975)).isCloseTo(1.959964, within(1e-6));
        assertThat(NormalDistribution.quantile(0.001)).isCloseTo(-3.090232, within(1e-6));
        assertThat(NormalDistribution.quantile(0.5)).isCloseTo(0.0, within(1e-7));
        for (double p = 0.0005; p < 1; p += 0.0237) {
            assertThat(NormalDistribution.cdf(NormalDistribution.quantile(p))).isCloseTo(p, within(1e-7));
        }
        assertThatThrownBy(() -> NormalDistribution.quantile(1.0)).hasMessageContaining("(0, 1)");
    }

    /** Control: users (exposures, conversions) = (2,1), (1,0), (3,2); costs 1, 2, 3. */
    private static ArmAggregate control() {
        return ArmAggregate.builder().addUser(2, 1, 1, 1.0).addUser(1, 0, 0, 2.0).addUser(3, 2, 2, 3.0).build();
    }

    /** Treatment: (2,2), (2,1), (2,1), (2,1); cost 2 each. */
    private static ArmAggregate treatment() {
        return ArmAggregate.builder().addUser(2, 2, 2, 2.0).addUser(2, 1, 1, 2.0).addUser(2, 1, 1, 2.0)
                .addUser(2, 1, 1, 2.0).build();
    }

    @Test
    void ratioVarianceIsTheDeltaMethodOverUsers() {
        // R = 3/6 = 0.5; residuals Y − R X = 0, −0.5, 0.5 → Σ² = 0.5; n = 3, x̄ = 2: Var = 0.5 / (3·2·4) = 1/48.
        RatioMetric.Estimate c = RatioMetric.CVR.estimate(control());
        assertThat(c.value()).isEqualTo(0.5);
        assertThat(c.variance()).isCloseTo(1.0 / 48, within(1e-12));
        // Treatment R = 5/8; residuals 0.75, −0.25 ×3 → Σ² = 0.75; n = 4, x̄ = 2: Var = 0.75 / 48.
        RatioMetric.Estimate t = RatioMetric.CVR.estimate(treatment());
        assertThat(t.value()).isEqualTo(0.625);
        assertThat(t.variance()).isCloseTo(0.75 / 48, within(1e-12));
        // Cost per user is a plain mean: 2 with variance s²/n = 1/3.
        RatioMetric.Estimate cpu = RatioMetric.COST_PER_USER.estimate(control());
        assertThat(cpu.value()).isEqualTo(2.0);
        assertThat(cpu.variance()).isCloseTo(1.0 / 3, within(1e-12));
        // Cost per conversion: 6 / 3 = 2; residuals 1 − 2, 2 − 0, 3 − 4 → Σ² = 6; x̄ = 1: Var = 6 / 6 = 1.
        RatioMetric.Estimate cpc = RatioMetric.COST_PER_CONVERSION.estimate(control());
        assertThat(cpc.value()).isEqualTo(2.0);
        assertThat(cpc.variance()).isCloseTo(1.0, within(1e-12));
        // Cost per exposure: 6 / 6 = 1; residuals 1 − 2, 2 − 1, 3 − 3 → Σ² = 2; x̄ = 2: Var = 2 / 24.
        assertThat(RatioMetric.COST_PER_EXPOSURE.estimate(control()).variance()).isCloseTo(2.0 / 24, within(1e-12));
        assertThat(RatioMetric.CVR.estimate(ArmAggregate.EMPTY).defined()).isFalse();
    }

    @Test
    void relativeLiftUsesTheLogRatio() {
        RelativeChange lift = RelativeChange.of(RatioMetric.CVR, control(), treatment(), new Inference.FixedHorizon(), 0.05);
        double logRatio = Math.log(1.25);
        double v = (0.75 / 48) / (0.625 * 0.625) + (1.0 / 48) / 0.25; // = 0.04 + 0.08333
        assertThat(lift.logVariance()).isCloseTo(0.123333333, within(1e-8));
        assertThat(lift.percent()).isCloseTo(25.0, within(1e-9));
        double h = 1.959964 * Math.sqrt(v);
        assertThat(lift.lowPercent()).isCloseTo((Math.exp(logRatio - h) - 1) * 100, within(1e-3));
        assertThat(lift.highPercent()).isCloseTo((Math.exp(logRatio + h) - 1) * 100, within(1e-3));
        assertThat(lift.lowPercent()).isCloseTo(-37.2, within(0.05));
        assertThat(lift.highPercent()).isCloseTo(148.8, within(0.05));
        assertThat(lift.pValue()).isCloseTo(0.5252, within(1e-3));
        assertThat(lift.excludesZero()).isFalse();
        // No conversions in an arm: no lift to report.
        ArmAggregate none = ArmAggregate.builder().addUser(3, 0, 0, 1).addUser(2, 0, 0, 1).build();
        assertThat(RelativeChange.of(RatioMetric.CVR, none, treatment(), new Inference.FixedHorizon(), 0.05)).isNull();
    }

    @Test
    void mixtureSequentialTestMatchesItsClosedForm() {
        Inference.MixtureSequential m = new Inference.MixtureSequential(0.01);
        // V = 0.0004, θ̂ = 0.05: log Λ = ½ ln(0.0004/0.0104) + 0.0025·0.01 / (2·0.0004·0.0104) = −1.62905 + 3.00481.
        assertThat(m.pValue(0.05, 0.0004)).isCloseTo(Math.exp(-1.375763), within(1e-5));
        // The p-value crosses α exactly at the confidence sequence's edge.
        double v = 0.0004;
        double h = m.halfWidth(v, 0.05);
        assertThat(m.pValue(h, v)).isCloseTo(0.05, within(1e-9));
        assertThat(m.pValue(h * 1.01, v)).isLessThan(0.05);
        assertThat(m.pValue(h * 0.99, v)).isGreaterThan(0.05);
        // Wider than the fixed-horizon interval: the price of looking at every update.
        assertThat(h).isGreaterThan(new Inference.FixedHorizon().halfWidth(v, 0.05));
        assertThat(m.pValue(0, v)).isEqualTo(1.0);
    }

    @Test
    void sampleRatioChiSquare() {
        SampleRatio fair = SampleRatio.test(5000, 5000, 50, 100);
        assertThat(fair.chiSquare()).isZero();
        assertThat(fair.pValue()).isCloseTo(1.0, within(1e-7));
        assertThat(fair.mismatch()).isFalse();
        // (200² / 5000) · 2 = 16 = 4²: p = P(|Z| ≥ 4).
        SampleRatio biased = SampleRatio.test(5200, 4800, 50, 100);
        assertThat(biased.chiSquare()).isCloseTo(16.0, within(1e-9));
        assertThat(biased.pValue()).isCloseTo(6.334248e-5, within(1e-9));
        assertThat(biased.mismatch()).isTrue();
        // 80/20 split: expected 8000/2000; observed 7900/2100 → 100²/8000 + 100²/2000 = 6.25.
        assertThat(SampleRatio.test(7900, 2100, 20, 100).chiSquare()).isCloseTo(6.25, within(1e-9));
        // Too few users, or a one-armed split: not checked.
        assertThat(SampleRatio.test(50, 10, 50, 100).checked()).isFalse();
        assertThat(SampleRatio.test(0, 10000, 100, 100).checked()).isFalse();
    }

    @Test
    void signedNumbersUseTheMinusSign() {
        assertThat(ExperimentStatistics.signed(18.421)).isEqualTo("+18.4");
        assertThat(ExperimentStatistics.signed(-0.44)).isEqualTo("\u22120.4");
        assertThat(ExperimentStatistics.signed(-0.04)).isEqualTo("+0.0");
    }

    private static ExperimentDesign design() {
        return ExperimentDesign.defaults().withMinUsersPerArm(1000);
    }

    @Test
    void promotesASignificantLiftWithinTheGuardrail() {
        SplittableRandom rng = new SplittableRandom(11);
        ArmAggregate c = SimulatedArm.arm(rng, 20000, 0.05, 1.0, 1.0);
        ArmAggregate t = SimulatedArm.arm(rng, 20000, 0.05, 1.2, 1.0);
        ExperimentDesign d = design().withGuardrails(List.of(new ExperimentDesign.GuardrailLimit(GuardrailMetric.COST, 5)));
        ExperimentAnalysis a = ExperimentStatistics.analyse(c, t, d, Duration.ofHours(1));
        assertThat(a.decision()).isEqualTo(Decision.PromoteTreatment);
        assertThat(a.significant()).isTrue();
        assertThat(a.guardrailsHold()).isTrue();
        assertThat(a.method()).isEqualTo("sequential");
        assertThat(a.summary()).matches("CVR \\+\\d+\\.\\d% \\[\\+\\d+\\.\\d, \\+\\d+\\.\\d], "
                + "cost [+\u2212]\\d\\.\\d% \\[\u2212\\d\\.\\d, \\+\\d\\.\\d]: promote");
        // The same data seen before minUsersPerArm: continue, saying why.
        ExperimentAnalysis early = ExperimentStatistics.analyse(c, t, d.withMinUsersPerArm(50000), Duration.ofHours(1));
        assertThat(early.decision()).isEqualTo(Decision.Continue);
        assertThat(early.summary()).endsWith(": continue (20000 of 50000 users per arm)");
        // ... and at maxDuration: inconclusive.
        ExperimentAnalysis late = ExperimentStatistics.analyse(c, t, d.withMinUsersPerArm(50000), Duration.ofDays(8));
        assertThat(late.decision()).isEqualTo(Decision.Inconclusive);
    }

    @Test
    void keepsControlOnANegativeLiftOrABreachedGuardrail() {
        SplittableRandom rng = new SplittableRandom(12);
        ArmAggregate c = SimulatedArm.arm(rng, 20000, 0.05, 1.0, 1.0);
        ArmAggregate worse = SimulatedArm.arm(rng, 20000, 0.05, 0.8, 1.0);
        assertThat(ExperimentStatistics.analyse(c, worse, design(), Duration.ZERO).decision())
                .isEqualTo(Decision.KeepControl);
        // Better CVR but 30% more cost per exposure, against a +5% guardrail: breached.
        ArmAggregate costly = SimulatedArm.arm(rng, 20000, 0.05, 1.2, 1.3);
        ExperimentDesign d = design().withGuardrails(List.of(new ExperimentDesign.GuardrailLimit(GuardrailMetric.COST, 5)));
        ExperimentAnalysis a = ExperimentStatistics.analyse(c, costly, d, Duration.ZERO);
        assertThat(a.guardrails().get(0).state()).isEqualTo(GuardrailResult.State.BREACHED);
        assertThat(a.decision()).isEqualTo(Decision.KeepControl);
        assertThat(a.summary()).endsWith(": keep control (guardrail breached)");
        // A guardrail on cost per conversion is computed on its own metric.
        ExperimentDesign perConversion = design().withGuardrails(
                List.of(new ExperimentDesign.GuardrailLimit(GuardrailMetric.COST_PER_CONVERSION, 5)));
        GuardrailResult g = ExperimentStatistics.analyse(c, costly, perConversion, Duration.ZERO).guardrails().get(0);
        assertThat(g.change().percent()).isCloseTo(100 * (1.3 / 1.2 - 1), within(4.0));
    }

    @Test
    void noDecisionUnderASampleRatioMismatch() {
        SplittableRandom rng = new SplittableRandom(13);
        ArmAggregate c = SimulatedArm.arm(rng, 20000, 0.05, 1.0, 1.0);
        ArmAggregate t = SimulatedArm.arm(rng, 17000, 0.05, 1.3, 1.0);
        ExperimentAnalysis a = ExperimentStatistics.analyse(c, t, design(), Duration.ZERO);
        assertThat(a.sampleRatio().mismatch()).isTrue();
        assertThat(a.significant()).isTrue();
        assertThat(a.decision()).isEqualTo(Decision.Continue);
        assertThat(a.summary()).endsWith(": continue (sample ratio mismatch)");
    }

    @Test
    void metricNamesAreConfigurable() {
        SplittableRandom rng = new SplittableRandom(14);
        ArmAggregate c = SimulatedArm.arm(rng, 2000, 0.05, 1.0, 1.0);
        ArmAggregate t = SimulatedArm.arm(rng, 2000, 0.05, 1.0, 1.0);
        ExperimentDesign d = ExperimentDesign.defaults().withSequential(false).withPrimary(RatioMetric.CVR, "ADVV");
        d = new ExperimentDesign(d.treatmentPercent(), d.alpha(), d.minUsersPerArm(), d.maxDuration(), d.sequential(),
                d.mixtureVariance(), d.guardrails(), d.primary(), d.primaryName(), "revenue", d.srmMinUsersPerArm(),
                d.cuped(), d.minDetectableEffectPercent(), d.targetPower());
        ExperimentAnalysis a = ExperimentStatistics.analyse(c, t, d, Duration.ZERO);
        assertThat(a.summary()).startsWith("ADVV ").contains(", revenue ");
        assertThat(a.method()).isEqualTo("fixedHorizon");
    }

    @Test
    void clickMetricsAreRatiosOverUsersToo() {
        // Control: clicks 1, 0, 2 over exposures 2, 1, 3: CTR = 3/6; conversions 1, 0, 2 over those clicks: 3/3.
        assertThat(RatioMetric.CTR.estimate(control()).value()).isEqualTo(0.5);
        assertThat(RatioMetric.CTR.estimate(control()).variance()).isCloseTo(1.0 / 48, within(1e-12));
        assertThat(RatioMetric.POST_CLICK_CVR.estimate(control()).value()).isEqualTo(1.0);
        assertThat(RatioMetric.POST_CLICK_CVR.estimate(control()).variance()).isZero();
        // Cost per exposure 6/6 = 1; per conversion 6/3 = 2 (CPA).
        assertThat(RatioMetric.COST_PER_EXPOSURE.value(control())).isEqualTo(1.0);
        assertThat(RatioMetric.COST_PER_CONVERSION.wireName()).isEqualTo("cpa");
        assertThat(RatioMetric.CVR.value(ArmAggregate.EMPTY)).isNaN();
    }

    @Test
    void cupedSolvesTheNormalEquationsAndDropsConstantCovariates() {
        // 2θ₀ + θ₁ = 5, θ₀ + 3θ₁ = 10 → θ = (1, 3); the third covariate never varies → θ₂ = 0.
        double[] theta = Cuped.solve(new double[][] {{2, 1, 0}, {1, 3, 0}, {0, 0, 0}}, new double[] {5, 10, 0});
        assertThat(theta).containsExactly(new double[] {1, 3, 0}, within(1e-12));
        // Two identical covariates: one is dropped, the other carries the whole coefficient.
        double[] collinear = Cuped.solve(new double[][] {{2, 2, 0}, {2, 2, 0}, {0, 0, 0}}, new double[] {4, 4, 0});
        assertThat(collinear[0] + collinear[1]).isCloseTo(2, within(1e-12));
        assertThat(Cuped.solve(new double[3][3], new double[3])).isNull();
    }

    @Test
    void cupedWithAPerfectCovariateRemovesTheNoiseItExplains() {
        // Every user's conversions in the experiment are their conversions before it: the covariate explains all
        // of the per-user variation around the arm's rate, so nearly all variance goes.
        ArmAggregate.Builder c = ArmAggregate.builder();
        ArmAggregate.Builder t = ArmAggregate.builder();
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < 2000; i++) {
            int k = rng.nextInt(5);
            c.addUser(4, k, k, 1.0, new ArmAggregate.Covariate(4, k));
            int m = rng.nextInt(5);
            t.addUser(4, m, m, 1.0, new ArmAggregate.Covariate(4, m));
        }
        RelativeChange r = RelativeChange.of(RatioMetric.CVR, c.build(), t.build(), new Inference.FixedHorizon(), 0.05, true);
        assertThat(r.adjusted()).isTrue();
        assertThat(r.varianceReduction()).isGreaterThan(0.999);
        assertThat(r.percent()).as("second-order terms only").isCloseTo(0.0, within(1e-3));
    }

    @Test
    void powerMatchesTheTextbookSampleSize() {
        // Fixed horizon: n per arm for 80% power at α = 0.05 is (z₀.₉₇₅ + z₀.₈)² σ² / δ² (the other tail ~ 0).
        double perUserLogVariance = 0.5; // Var(log R̂) = 2 · 0.5 / n for both arms together
        long n = 1000;
        RelativeChange now = new RelativeChange(0, -1, 1, 1, 0, 2 * perUserLogVariance / n);
        Power p = Power.of(now, n, 5, 0.8, new Inference.FixedHorizon(), 0.05);
        double delta = Math.log(1.05);
        double z = NormalDistribution.quantile(0.975) + NormalDistribution.quantile(0.8);
        double textbook = z * z * 2 * perUserLogVariance / (delta * delta);
        assertThat((double) p.usersNeededPerArm()).isCloseTo(textbook, within(textbook * 0.002 + 1));
        assertThat(p.usersStillNeeded(n)).isEqualTo(p.usersNeededPerArm() - n);
        assertThat(p.power()).isCloseTo(Power.probability(delta, 2 * perUserLogVariance / n,
                new Inference.FixedHorizon(), 0.05), within(1e-12));
        // The always-valid test's wider interval needs more users for the same power.
        Power seq = Power.of(now, n, 5, 0.8, new Inference.MixtureSequential(0.01), 0.05);
        assertThat(seq.usersNeededPerArm()).isGreaterThan(p.usersNeededPerArm());
    }

    @Test
    void theDecisionMetricCanBeCpaOrCtrAndGuardrailsBoundDecreases() {
        SplittableRandom rng = new SplittableRandom(15);
        ArmAggregate c = SimulatedArm.arm(rng, 20000, 0.05, 1.0, 1.0);
        // Same cost per exposure, 25% more conversions: CPA falls by a fifth (better), CTR rises with them.
        ArmAggregate t = SimulatedArm.arm(rng, 20000, 0.05, 1.25, 1.0);
        ExperimentDesign cpa = design().withPrimary(RatioMetric.COST_PER_CONVERSION, "CPA");
        ExperimentAnalysis a = ExperimentStatistics.analyse(c, t, cpa, Duration.ZERO);
        assertThat(a.primaryChange().percent()).isCloseTo(-20, within(4.0));
        assertThat(a.improved()).isTrue();
        assertThat(a.decision()).isEqualTo(Decision.PromoteTreatment);
        assertThat(a.summary()).startsWith("CPA \u2212");
        // The same data read the other way round: a CPA rise is a loss.
        assertThat(ExperimentStatistics.analyse(t, c, cpa, Duration.ZERO).decision()).isEqualTo(Decision.KeepControl);
        // CTR as the decision metric, with a guardrail that CVR may not fall by more than 2%: here CVR rose, holds.
        ExperimentDesign ctr = design().withPrimary(RatioMetric.CTR, "CTR").withGuardrails(List.of(
                new ExperimentDesign.GuardrailLimit(GuardrailMetric.CVR, Double.NaN, 2)));
        ExperimentAnalysis b = ExperimentStatistics.analyse(c, t, ctr, Duration.ZERO);
        assertThat(b.guardrails().get(0).state()).isEqualTo(GuardrailResult.State.HOLDS);
        assertThat(b.decision()).isEqualTo(Decision.PromoteTreatment);
        // ... and a treatment whose CVR fell by 20% breaches it.
        ArmAggregate worse = SimulatedArm.arm(rng, 20000, 0.05, 0.8, 1.0);
        ExperimentAnalysis w = ExperimentStatistics.analyse(c, worse, ctr, Duration.ZERO);
        assertThat(w.guardrails().get(0).state()).isEqualTo(GuardrailResult.State.BREACHED);
        assertThat(w.decision()).isEqualTo(Decision.KeepControl);
    }

    @Test
    void aContinuingExperimentSaysHowManyUsersItStillNeeds() {
        SplittableRandom rng = new SplittableRandom(16);
        ArmAggregate c = SimulatedArm.arm(rng, 1500, 0.05, 1.0, 1.0);
        ArmAggregate t = SimulatedArm.arm(rng, 1500, 0.05, 1.0, 1.0);
        ExperimentAnalysis a = ExperimentStatistics.analyse(c, t, design(), Duration.ZERO);
        assertThat(a.decision()).isEqualTo(Decision.Continue);
        assertThat(a.power().power()).isLessThan(0.8);
        assertThat(a.power().usersStillNeeded(1500)).isPositive();
        assertThat(a.summary()).endsWith(String.format(java.util.Locale.ROOT,
                ": continue (about %d more users per arm for 80%% power at 5.0%%)", a.power().usersStillNeeded(1500)));
    }
}
