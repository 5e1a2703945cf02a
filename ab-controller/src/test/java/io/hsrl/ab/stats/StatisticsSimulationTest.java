package io.hsrl.ab.stats;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The tests' operating characteristics by seeded simulation. Sizes are modest so that the whole class runs in
 * seconds; binomial noise of each rate is stated where it is asserted.
 */
class StatisticsSimulationTest {
    private static final double BASE_CVR = 0.05;
    private static final double ALPHA = 0.05;

    @Test
    void aaFalsePositiveRateIsAlpha() {
        // 1,000 A/A experiments: the rate's standard deviation is sqrt(0.05·0.95/1000) ≈ 0.0069.
        SplittableRandom rng = new SplittableRandom(20260101L);
        Inference fixed = new Inference.FixedHorizon();
        int runs = 1000;
        int rejections = 0;
        for (int i = 0; i < runs; i++) {
            ArmAggregate c = SimulatedArm.arm(rng, 2000, BASE_CVR, 1.0, 1.0);
            ArmAggregate t = SimulatedArm.arm(rng, 2000, BASE_CVR, 1.0, 1.0);
            if (RelativeChange.of(RatioMetric.CVR, c, t, fixed, ALPHA).pValue() <= ALPHA) {
                rejections++;
            }
        }
        assertThat(rejections / (double) runs).isBetween(0.035, 0.065);
    }

    @Test
    void intervalsCoverTheTrueLift() {
        // True lift +10%: 95% intervals must contain it 95 ± 2% of the time (sd ≈ 0.69%).
        SplittableRandom rng = new SplittableRandom(4242L);
        Inference fixed = new Inference.FixedHorizon();
        int runs = 1000;
        int covered = 0;
        int costCovered = 0;
        for (int i = 0; i < runs; i++) {
            ArmAggregate c = SimulatedArm.arm(rng, 2000, BASE_CVR, 1.0, 1.0);
            ArmAggregate t = SimulatedArm.arm(rng, 2000, BASE_CVR, 1.1, 1.02);
            if (RelativeChange.of(RatioMetric.CVR, c, t, fixed, ALPHA).covers(10.0)) {
                covered++;
            }
            if (RelativeChange.of(RatioMetric.COST_PER_EXPOSURE, c, t, fixed, ALPHA).covers(2.0)) {
                costCovered++;
            }
        }
        assertThat(covered / (double) runs).isBetween(0.93, 0.97);
        assertThat(costCovered / (double) runs).isBetween(0.93, 0.97);
    }

    @Test
    void detectsATenPercentLiftWithTheExpectedPower() {
        int n = 4000;
        double lift = 1.1;
        // Power of the two-sided z-test on log(lift) with the model's exact variance.
        double se = Math.sqrt(SimulatedArm.logCvrVariance(BASE_CVR, n) + SimulatedArm.logCvrVariance(BASE_CVR * lift, n));
        double z = NormalDistribution.quantile(1 - ALPHA / 2);
        double shift = Math.log(lift) / se;
        double expected = NormalDistribution.cdf(shift - z) + NormalDistribution.cdf(-shift - z);
        assertThat(expected).isBetween(0.4, 0.8); // a size where power is informative

        SplittableRandom rng = new SplittableRandom(777L);
        Inference fixed = new Inference.FixedHorizon();
        int runs = 1000;
        int detected = 0;
        for (int i = 0; i < runs; i++) {
            ArmAggregate c = SimulatedArm.arm(rng, n, BASE_CVR, 1.0, 1.0);
            ArmAggregate t = SimulatedArm.arm(rng, n, BASE_CVR, lift, 1.0);
            RelativeChange r = RelativeChange.of(RatioMetric.CVR, c, t, fixed, ALPHA);
            if (r.pValue() <= ALPHA && r.logRatio() > 0) {
                detected++;
            }
        }
        // Binomial sd at 1,000 runs ≈ 0.016: ±0.05 is three of them.
        assertThat(detected / (double) runs).isCloseTo(expected, within(0.05));
    }

    @Test
    void sampleRatioMismatchIsFlaggedForABiasedSplitOnly() {
        SplittableRandom rng = new SplittableRandom(99L);
        int runs = 400;
        int users = 20000;
        int fairFlags = 0;
        int biasedFlags = 0;
        for (int i = 0; i < runs; i++) {
            int fairT = 0;
            int biasedT = 0;
            for (int u = 0; u < users; u++) {
                double x = rng.nextDouble();
                if (x < 0.5) {
                    fairT++;
                }
                if (x < 0.48) { // a router that loses 4% of the treatment's users
                    biasedT++;
                }
            }
            if (SampleRatio.test(users - fairT, fairT, 50, 100).mismatch()) {
                fairFlags++;
            }
            if (SampleRatio.test(users - biasedT, biasedT, 50, 100).mismatch()) {
                biasedFlags++;
            }
        }
        // Fair: expected 0.1% flagged (0.4 of 400); biased: expected χ² ≈ 32, nearly always flagged.
        assertThat(fairFlags).isLessThanOrEqualTo(3);
        assertThat(biasedFlags / (double) runs).isGreaterThan(0.95);
    }

    @Test
    void sequentialTestKeepsItsErrorRateUnderContinuousPeeking() {
        // 1,000 A/A experiments, each looked at after every 100 users per arm (200 … 4,000: 39 looks).
        SplittableRandom rng = new SplittableRandom(31337L);
        Inference seq = new Inference.MixtureSequential(ExperimentDesign.DEFAULT_MIXTURE_VARIANCE);
        Inference fixed = new Inference.FixedHorizon();
        int runs = 1000;
        int seqRejections = 0;
        int fixedRejections = 0;
        int csMisses = 0;
        for (int i = 0; i < runs; i++) {
            ArmAggregate.Builder c = ArmAggregate.builder();
            ArmAggregate.Builder t = ArmAggregate.builder();
            SimulatedArm.addUsers(c, rng, 100, BASE_CVR, 1.0, 1.0);
            SimulatedArm.addUsers(t, rng, 100, BASE_CVR, 1.0, 1.0);
            boolean seqRejected = false;
            boolean fixedRejected = false;
            for (int look = 2; look <= 40; look++) {
                SimulatedArm.addUsers(c, rng, 100, BASE_CVR, 1.0, 1.0);
                SimulatedArm.addUsers(t, rng, 100, BASE_CVR, 1.0, 1.0);
                ArmAggregate ca = c.build();
                ArmAggregate ta = t.build();
                RelativeChange s = RelativeChange.of(RatioMetric.CVR, ca, ta, seq, ALPHA);
                RelativeChange f = RelativeChange.of(RatioMetric.CVR, ca, ta, fixed, ALPHA);
                seqRejected |= s.pValue() <= ALPHA;
                fixedRejected |= f.pValue() <= ALPHA;
            }
            seqRejections += seqRejected ? 1 : 0;
            fixedRejections += fixedRejected ? 1 : 0;
            csMisses += seqRejected ? 1 : 0; // 0 is the true lift: a rejection is a miss of the confidence sequence
        }
        double seqRate = seqRejections / (double) runs;
        double fixedRate = fixedRejections / (double) runs;
        // Peeking inflates the fixed-horizon test far above α (this is why the default is sequential) ...
        assertThat(fixedRate).isGreaterThan(0.15);
        // ... while the always-valid test stays at or below α over all 39 looks (sd at α ≈ 0.0069).
        assertThat(seqRate).isLessThanOrEqualTo(ALPHA + 0.01);
        assertThat(1 - csMisses / (double) runs).isGreaterThanOrEqualTo(0.94);
    }
}
