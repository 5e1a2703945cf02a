package io.hsrl.trainer;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** libtorch runs on one intra-op thread unless --threads says otherwise; the CPU asked for means no CUDA probe noise. */
@QuarkusMainTest
class ComputeOptionsTest {
    @Test
    void oneThreadUnlessAsked(QuarkusMainLauncher launcher) {
        LaunchResult more = launcher.launch("info", "--device", "cpu", "--threads", "3");
        assertThat(more.exitCode()).as(more.getErrorOutput()).isZero();
        assertThat(more.getOutput()).contains("\"threads\" : 3");

        LaunchResult plain = launcher.launch("info", "--device", "cpu");
        assertThat(plain.exitCode()).isZero();
        assertThat(plain.getOutput()).contains("\"threads\" : 1");
    }

    @Test
    void cpuRunsWithoutCudaWarnings(QuarkusMainLauncher launcher) {
        LaunchResult r = launcher.launch("info", "--device", "cpu");
        assertThat(r.exitCode()).isZero();
        assertThat(r.getErrorOutput()).doesNotContainIgnoringCase("cuda");
    }

    @Test
    void aThreadCountBelowOneIsAUsageError(QuarkusMainLauncher launcher) {
        LaunchResult r = launcher.launch("info", "--threads", "0");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.getErrorOutput()).contains("error: --threads must be at least 1, was 0");
    }
}
