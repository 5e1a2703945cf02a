package io.hsrl.local.platform;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How {@code hsrl-local up} runs: loopback host, the API port (S3, operator and ab-controller take the next three),
 * an optional real API server's kubeconfig instead of the embedded one, where data lives, and where the repository
 * (crds/, the built jars) is.
 */
public record PlatformOptions(String host, int apiPort, Optional<Path> kubeconfig, Path dataDir, Path repoRoot,
                              Optional<Path> imagesFile, boolean startComponents) {
    public static final int DEFAULT_PORT = 18080;

    public PlatformOptions {
        if (apiPort < 0 || apiPort > 65531) {
            throw new IllegalArgumentException("--port must be between 0 and 65531, got " + apiPort);
        }
    }

    /** Port 0 (tests) means: every server on a free port. */
    public int s3Port() {
        return apiPort == 0 ? 0 : apiPort + 1;
    }

    public int operatorPort() {
        return apiPort == 0 ? 0 : apiPort + 2;
    }

    public int abControllerPort() {
        return apiPort == 0 ? 0 : apiPort + 3;
    }

    public Path pidFile() {
        return dataDir.resolve("hsrl-local.pid");
    }

    public Path statusFile() {
        return dataDir.resolve("status.properties");
    }

    public Path logsDir() {
        return dataDir.resolve("logs");
    }
}
