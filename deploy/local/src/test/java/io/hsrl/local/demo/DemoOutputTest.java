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
                {"status":{"control":{"users":300,"exposures":300,"conversions":30,"cvr":0.1,"cost":2700,
                 "costPerUser":9.0},"treatment":{"users":310,"exposures":310,"conversions":40,"cvr":0.129,
                 "cost":2790,"costPerUser":9.0},"results":{"cvrLiftPercent":29.0,"cvrLiftLow":-5.5,
                 "cvrLiftHigh":63.1,"costDeltaPercent":0.0,"costDeltaLow":-1,"costDeltaHigh":1,"pValue":0.21,
                 "metrics":[{"metric":"cvr","deltaPercent":29.0},{"metric":"cpa","deltaPercent":-8.0,"low":-12.0,
                 "high":-4.0}],"varianceReductionPercent":23.9,"method":"mSPRT"},"decision":"Continue","summary":"not significant yet"}}""");
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            Quickstart.printResultTable(exp, System.out);
        } finally {
            System.setOut(old);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("control").contains("treatment").contains("10.000%").contains("12.900%")
                .contains("CVR lift   +29.00%  [-5.50%, +63.10%]").contains("cost delta +0.00%  [-1.00%, +1.00%]")
                .contains("p-value 0.2100  SRM p-value n/a").contains("decision: Continue")
                .contains("cpa        -8.00%  [-12.00%, -4.00%]").contains("CUPED variance reduction +23.90%");
    }
}
