package io.hsrl.trainer;

import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@QuarkusMainTest
class InfoCommandTest {
    @Test
    @Launch({"info", "--device", "cpu"})
    void printsTheEngineAsJson(LaunchResult result) {
        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput()).contains("\"engine\" : \"PyTorch\"").contains("\"device\" : \"cpu()\"");
    }

    @Test
    void anImpossibleDeviceIsAClearError(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("info", "--device", "gpu:7");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.getErrorOutput()).contains("error: device").contains("gpu:7").doesNotContain("\tat ");
    }
}
