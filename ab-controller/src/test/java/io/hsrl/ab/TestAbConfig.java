package io.hsrl.ab;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** An {@link AbConfig} for controller parts built outside Quarkus (several replicas in one test, benchmarks). */
public record TestAbConfig(Path dataDir, String replica, String store, boolean uploadAggregates, Duration statusInterval,
        boolean leaderElectionEnabled, Optional<String> leaseNamespace) implements AbConfig {

    public static TestAbConfig single(Path dataDir) {
        return new TestAbConfig(dataDir, "local", ".", false, Duration.ofSeconds(10), false, Optional.empty());
    }

    @Override
    public String defaultNamespace() {
        return "default";
    }

    @Override
    public long compactBytes() {
        return 64L << 20;
    }

    @Override
    public LeaderElection leaderElection() {
        return new LeaderElection() {
            public boolean enabled() { return leaderElectionEnabled; }
            public String leaseName() { return "hsrl-ab-controller"; }
            public Optional<String> leaseNamespace() { return leaseNamespace; }
            // Short, so that a test sees a hand-over within seconds.
            public Duration leaseDuration() { return Duration.ofSeconds(3); }
            public Duration renewDeadline() { return Duration.ofSeconds(2); }
            public Duration retryPeriod() { return Duration.ofMillis(200); }
        };
    }

    @Override
    public Events events() {
        return new Events() {
            public Optional<String> token() { return Optional.empty(); }
            public int maxBatch() { return 10000; }
        };
    }

    @Override
    public Routing routing() {
        return new Routing() {
            public Duration timeout() { return Duration.ofSeconds(2); }
            public Optional<Path> endpointsFile() { return Optional.empty(); }
        };
    }
}
