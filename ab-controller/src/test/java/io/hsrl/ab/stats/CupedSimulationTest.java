package io.hsrl.ab.stats;

import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The operating characteristics with CUPED on, by seeded simulation of a population whose users have a history
 * before the experiment ({@link SimulatedArm#addUsersWithHistory}): the false-positive rate and the coverage stay
 * where they belong, the variance reduction on status is the one achieved, and the power gain is what it predicts.
 * Each test prints its figures beside the plain (unadjusted) analysis of the same data.
 */
class CupedSimulationTest {
    private static final double BASE_CVR = 0.05;
    private static final double ALPHA = 0.05;
    private static final Inference FIXED = new Inference.FixedHorizon();

    @Test
    void aaFalsePositiveRateStaysAtAlpha() {
        // 1,000 A/A experiments of 2,000 users per arm: the rate's sd is sqrt(0.05·0.95/1000) ≈ 0.0069.
        SplittableRandom rng = new SplittableRandom(20261207L);
        int runs = 1000;
        int[] cuped = new int[RatioMetric.values().length];
        int[] plain = new int[RatioMetric.values().length];
        for (int i = 0; i < runs; i++) {
            ArmAggregate c = SimulatedArm.armWithHistory(rng, 2000, BASE_CVR, 1.0, 1.0);
            ArmAggregate t = SimulatedArm.armWithHistory(rng, 2000, BASE_CVR, 1.0, 1.0);
            for (RatioMetric m : RatioMetric.values()) {
                RelativeChange a = RelativeChange.of(m, c, t, FIXED, ALPHA, true);
                RelativeChange p = RelativeChange.of(m, c, t, FIXED, ALPHA, false);
                assertThat(a.adjusted()).as(m + " adjusted").isTrue();
                cuped[m.ordinal()] += a.pValue() <= ALPHA ? 1 : 0;
                plain[m.ordinal()] += p.pValue() <= ALPHA ? 1 : 0;
            }
        }
        for (RatioMetric m : RatioMetric.values()) {
            System.out.printf(Locale.ROOT, "A/A false-positive rate %-16s CUPED %.3f  plain %.3f%n", m.wireName(),
                    cuped[m.ordinal()] / (double) runs, plain[m.ordinal()] / (double) runs);
        }
        assertThat(cuped[RatioMetric.CVR.ordinal()] / (double) runs).isBetween(0.035, 0.065);
        assertThat(cuped[RatioMetric.COST_PER_EXPOSURE.ordinal()] / (double) runs).isBetween(0.035, 0.065);
        assertThat(cuped[RatioMetric.CTR.ordinal()] / (double) runs).isBetween(0.035, 0.065);
    }

    @Test
    void intervalsCoverTheTrueChangeAndTheReductionIsTheOneAchieved() {
        // True CVR lift +10%, cost per exposure +2%: 95% intervals contain them 95 ± 2% of the time (sd ≈ 0.69%).
        SplittableRandom rng = new SplittableRandom(4243L);
        int runs = 1000;
        int covered = 0;
        int costCovered = 0;
        int plainCovered = 0;
        double[] adjusted = new double[runs];
        double[] raw = new double[runs];
        double reported = 0;
        for (int i = 0; i < runs; i++) {
            ArmAggregate c = SimulatedArm.armWithHistory(rng, 2000, BASE_CVR, 1.0, 1.0);
            ArmAggregate t = SimulatedArm.armWithHistory(rng, 2000, BASE_CVR, 1.1, 1.02);
            RelativeChange lift = RelativeChange.of(RatioMetric.CVR, c, t, FIXED, ALPHA, true);
            covered += lift.covers(10.0) ? 1 : 0;
            plainCovered += RelativeChange.of(RatioMetric.CVR, c, t, FIXED, ALPHA, false).covers(10.0) ? 1 : 0;
            costCovered += RelativeChange.of(RatioMetric.COST_PER_EXPOSURE, c, t, FIXED, ALPHA, true).covers(2.0) ? 1 : 0;
            adjusted[i] = lift.logRatio();
            raw[i] = Math.log1p(lift.unadjustedPercent() / 100);
            reported += lift.varianceReduction() / runs;
        }
        double achieved = 1 - variance(adjusted) / variance(raw);
        System.out.printf(Locale.ROOT, "coverage of +10%% CVR lift: CUPED %.3f, plain %.3f; of +2%% cost: CUPED %.3f%n",
                covered / (double) runs, plainCovered / (double) runs, costCovered / (double) runs);
        System.out.printf(Locale.ROOT, "CVR variance reduction: reported (mean) %.3f, achieved over the runs %.3f%n",
                reported, achieved);
        assertThat(covered / (double) runs).isBetween(0.93, 0.97);
        assertThat(costCovered / (double) runs).isBetween(0.93, 0.97);
        // The reduction on status is the one the runs show (the variance of a variance over 1,000 runs: ±~9% rel.).
        assertThat(reported).isGreaterThan(0.1);
        assertThat(achieved).isCloseTo(reported, within(0.08));
    }

    @Test
    void cupedDetectsMoreOftenAsPredicted() {
        int n = 3000;
        double lift = 1.1;
        SplittableRandom rng = new SplittableRandom(778L);
        int runs = 1000;
        int plainDetected = 0;
        int cupedDetected = 0;
        double predictedPlain = 0;
        double predictedCuped = 0;
        long neededPlain = 0;
        long neededCuped = 0;
        for (int i = 0; i < runs; i++) {
            ArmAggregate c = SimulatedArm.armWithHistory(rng, n, BASE_CVR, 1.0, 1.0);
            ArmAggregate t = SimulatedArm.armWithHistory(rng, n, BASE_CVR, lift, 1.0);
            RelativeChange p = RelativeChange.of(RatioMetric.CVR, c, t, FIXED, ALPHA, false);
            RelativeChange a = RelativeChange.of(RatioMetric.CVR, c, t, FIXED, ALPHA, true);
            plainDetected += p.pValue() <= ALPHA && p.logRatio() > 0 ? 1 : 0;
            cupedDetected += a.pValue() <= ALPHA && a.logRatio() > 0 ? 1 : 0;
            Power pp = Power.of(p, n, 10, 0.8, FIXED, ALPHA);
            Power pa = Power.of(a, n, 10, 0.8, FIXED, ALPHA);
            predictedPlain += pp.power() / runs;
            predictedCuped += pa.power() / runs;
            neededPlain += pp.usersNeededPerArm() / runs;
            neededCuped += pa.usersNeededPerArm() / runs;
        }
        double plain = plainDetected / (double) runs;
        double cuped = cupedDetected / (double) runs;
        System.out.printf(Locale.ROOT, "power at %d users per arm, +10%% CVR: CUPED %.3f (predicted %.3f), plain %.3f "
                + "(predicted %.3f); users per arm for 80%%: CUPED %d, plain %d%n", n, cuped, predictedCuped, plain,
                predictedPlain, neededCuped, neededPlain);
        // Binomial sd at 1,000 runs ≤ 0.016: ±0.05 is three of them.
        assertThat(plain).isCloseTo(predictedPlain, within(0.05));
        assertThat(cuped).isCloseTo(predictedCuped, within(0.05));
        // The same experiments analysed both ways: CUPED finds the lift clearly more often, with fewer users.
        assertThat(cuped - plain).isGreaterThan(0.04);
        assertThat(neededCuped).isLessThan(neededPlain);
    }

    @Test
    void sequentialTestWithCupedKeepsItsErrorRateUnderPeeking() {
        // 500 A/A experiments, each looked at after every 200 users per arm (400 … 4,000: 19 looks).
        SplittableRandom rng = new SplittableRandom(31338L);
        Inference seq = new Inference.MixtureSequential(ExperimentDesign.DEFAULT_MIXTURE_VARIANCE);
        int runs = 500;
        int rejections = 0;
        for (int i = 0; i < runs; i++) {
            ArmAggregate.Builder c = ArmAggregate.builder();
            ArmAggregate.Builder t = ArmAggregate.builder();
            SimulatedArm.addUsersWithHistory(c, rng, 200, BASE_CVR, 1.0, 1.0, SimulatedArm.HISTORY_SHARE);
            SimulatedArm.addUsersWithHistory(t, rng, 200, BASE_CVR, 1.0, 1.0, SimulatedArm.HISTORY_SHARE);
            boolean rejected = false;
            for (int look = 2; look <= 20; look++) {
                SimulatedArm.addUsersWithHistory(c, rng, 200, BASE_CVR, 1.0, 1.0, SimulatedArm.HISTORY_SHARE);
                SimulatedArm.addUsersWithHistory(t, rng, 200, BASE_CVR, 1.0, 1.0, SimulatedArm.HISTORY_SHARE);
                RelativeChange s = RelativeChange.of(RatioMetric.CVR, c.build(), t.build(), seq, ALPHA, true);
                rejected |= s.pValue() <= ALPHA;
            }
            rejections += rejected ? 1 : 0;
        }
        double rate = rejections / (double) runs;
        System.out.printf(Locale.ROOT, "sequential A/A with CUPED, 19 looks: rejection rate %.3f%n", rate);
        // sd at α with 500 runs ≈ 0.0097.
        assertThat(rate).isLessThanOrEqualTo(ALPHA + 0.015);
    }

    @Test
    void withoutAnyCovariateCupedChangesNothing() {
        SplittableRandom rng = new SplittableRandom(5L);
        ArmAggregate c = SimulatedArm.arm(rng, 2000, BASE_CVR, 1.0, 1.0);
        ArmAggregate t = SimulatedArm.arm(rng, 2000, BASE_CVR, 1.1, 1.0);
        for (RatioMetric m : RatioMetric.values()) {
            RelativeChange a = RelativeChange.of(m, c, t, FIXED, ALPHA, true);
            RelativeChange p = RelativeChange.of(m, c, t, FIXED, ALPHA, false);
            assertThat(a).as(m.wireName()).isEqualTo(p);
            assertThat(a.adjusted()).isFalse();
        }
    }

    private static double variance(double[] x) {
        double mean = 0;
        for (double v : x) {
            mean += v / x.length;
        }
        double s = 0;
        for (double v : x) {
            s += (v - mean) * (v - mean);
        }
        return s / (x.length - 1);
    }
}
