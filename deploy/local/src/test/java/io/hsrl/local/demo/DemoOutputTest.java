package io.hsrl.local.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class DemoOutputTest {
    @Test
    void progressBarIsProportionalAndClamped() {
        assertThat(Quickstart.bar(0)).isEqualTo("[" + ".".repeat(20) + "]");
        assertThat(Quickstart.bar(50)).isEqualTo("[" + "#".repeat(10) + ".".repeat(10) + "]");
        assertThat(Quickstart.bar(250)).isEqualTo("[" + "#".repeat(20) + "]");
    }

    @Test
    void resultTableComesFromTheExperimentStatus() throws Exception {
        var exp = new ObjectMapper().readTree("""
                {"status":{"control":{"users":300,"exposures":300,"clicks":600,"conversions":30,"cvr":0.1,"cost":2700,
                 "costPerUser":9.0},"treatment":{"users":310,"exposures":310,"clicks":620,"conversions":40,"cvr":0.129,
                 "cost":2790,"costPerUser":9.0},"results":{"cvrLiftPercent":29.0,"cvrLiftLow":-5.5,
                 "cvrLiftHigh":63.1,"costDeltaPercent":0.0,"costDeltaLow":-1,"costDeltaHigh":1,"pValue":0.21,
                 "metrics":[{"metric":"ctr","control":2.0,"treatment":2.0,"deltaPercent":0.0,"low":-3.0,"high":3.0,
                 "pValue":1.0},{"metric":"postClickCvr","control":0.05,"treatment":0.0645,"deltaPercent":29.0,
                 "low":-6.0,"high":64.0,"pValue":0.2},{"metric":"cpa","control":90.0,"treatment":69.75,
                 "deltaPercent":-22.5,"low":-40.0,"high":-5.0,"pValue":0.03}],
                 "varianceReductionPercent":23.9,"method":"mSPRT","confidence":0.95},
                 "decision":"Continue","summary":"not significant yet"}}""");
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            Quickstart.printResultTable(exp, System.out);
        } finally {
            System.setOut(old);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        // counts per arm
        assertThat(out).containsPattern("control +300 +300 +600 +30 +2700.0")
                .containsPattern("treatment +310 +310 +620 +40 +2790.0");
        // each metric: both arms, the change and its interval (CVR and cost from the summary fields when the
        // metric list lacks them; per-arm values from the arm status)
        assertThat(out).containsPattern("CVR \\(conv/exposure\\) +0.1000 +0.1290 +\\+29.00% +\\[-5.50%, \\+63.10%\\]")
                .containsPattern("cost per exposure +n/a +n/a +\\+0.00% +\\[-1.00%, \\+1.00%\\]")
                .containsPattern("CTR \\(clicks/exposure\\) +2.0000 +2.0000 +\\+0.00% +\\[-3.00%, \\+3.00%\\] +1.0000")
                .containsPattern("post-click CVR +5.00% +6.45% +\\+29.00% +\\[-6.00%, \\+64.00%\\]")
                .containsPattern("CPA \\(cost/conv\\) +90.0000 +69.7500 +-22.50% +\\[-40.00%, -5.00%\\] +0.0300")
                .containsPattern("cost per user +9.0000 +9.0000")
                .contains("95% INTERVAL")
                .contains("p-value 0.2100  SRM p-value n/a").contains("decision: Continue")
                .contains("CUPED variance reduction +23.90%");
    }
}
