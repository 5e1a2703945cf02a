package io.hsrl.ab.experiment;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArmAssignmentTest {

    @Test
    void splitFollowsTheConfiguredPercentage() {
        int n = 20_000;
        for (int percent : new int[] {0, 10, 30, 50, 100}) {
            int treated = 0;
            for (int u = 0; u < n; u++) {
                treated += ArmAssignment.assign("salt", "user-" + u, percent) == Arm.TREATMENT ? 1 : 0;
            }
            double p = percent / 100.0;
            double sd = Math.sqrt(p * (1 - p) / n);
            assertThat(treated / (double) n).as("share at %d%%", percent).isBetween(p - 3 * sd - 1e-12, p + 3 * sd + 1e-12);
        }
    }

    @Test
    void stickyMonotoneAndSalted() {
        int sameUnderNewSalt = 0;
        for (int u = 0; u < 5000; u++) {
            String user = "user-" + u;
            Arm at30 = ArmAssignment.assign("s1", user, 30);
            assertThat(ArmAssignment.assign("s1", user, 30)).isEqualTo(at30);
            // Raising the share (or promoting to 100) only moves users from control to treatment.
            if (at30 == Arm.TREATMENT) {
                assertThat(ArmAssignment.assign("s1", user, 60)).isEqualTo(Arm.TREATMENT);
                assertThat(ArmAssignment.assign("s1", user, 100)).isEqualTo(Arm.TREATMENT);
            }
            sameUnderNewSalt += ArmAssignment.bucket("s1", user) / 5000 == ArmAssignment.bucket("s2", user) / 5000 ? 1 : 0;
        }
        // A new salt reshuffles: halves agree about half the time (sd ≈ 0.7%).
        assertThat(sameUnderNewSalt / 5000.0).isBetween(0.46, 0.54);
    }

    @Test
    void experimentNamesParse() {
        assertThat(ExperimentKey.parse("team/exp", "default")).isEqualTo(new ExperimentKey("team", "exp"));
        assertThat(ExperimentKey.parse("exp", "default")).isEqualTo(new ExperimentKey("default", "exp"));
        assertThatThrownBy(() -> ExperimentKey.parse("a/b/c", "d")).hasMessageContaining("namespace/name");
        assertThat(GoDuration.parse("1h30m").toMinutes()).isEqualTo(90);
        assertThat(GoDuration.parse("168h").toDays()).isEqualTo(7);
        assertThat(GoDuration.parse("250ms").toMillis()).isEqualTo(250);
        assertThatThrownBy(() -> GoDuration.parse("a week")).hasMessageContaining("a week");
    }
}
