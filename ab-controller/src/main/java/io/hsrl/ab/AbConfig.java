package io.hsrl.ab;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The controller's configuration, with its defaults in one place. */
@ConfigMapping(prefix = "hsrl.ab")
public interface AbConfig {
    /** This replica's durable log and snapshot (a persistent volume in a cluster). */
    @WithDefault("/var/lib/hsrl-ab")
    Path dataDir();

    /** Name of this replica in the aggregates it publishes (the pod name). */
    @WithDefault("${HOSTNAME:local}")
    String replica();

    /** Namespace of experiments named without one. */
    @WithDefault("default")
    String defaultNamespace();

    /** Where compacted aggregates go: {@code <store>/experiments/<ns>/<name>/aggregates/<replica>.json}. */
    @WithDefault("s3://hsrl")
    String store();

    /** Upload compacted aggregates to {@link #store()}. */
    @WithDefault("true")
    boolean uploadAggregates();

    /** Compact (snapshot) when the log segment passes this size, and at least this often. */
    @WithDefault("67108864")
    long compactBytes();

    Events events();

    Routing routing();

    /** How often the reconciler refreshes each experiment's statistics. */
    @WithDefault("10s")
    Duration statusInterval();

    LeaderElection leaderElection();

    /** Only the holder of this Lease writes AbExperiment status; every replica routes and collects events. */
    interface LeaderElection {
        /** false: every replica writes status (one replica only, or an API server without leases). */
        @WithDefault("true")
        boolean enabled();

        @WithDefault("hsrl-ab-controller")
        String leaseName();

        /** The Lease's namespace; by default the client's (in a pod: the pod's own namespace). */
        Optional<String> leaseNamespace();

        @WithDefault("15s")
        Duration leaseDuration();

        @WithDefault("10s")
        Duration renewDeadline();

        @WithDefault("2s")
        Duration retryPeriod();
    }

    interface Events {
        /** The default bearer token of {@code POST /v1/events} (mounted from a Secret); none means only experiment tokens. */
        Optional<String> token();

        /** Largest accepted batch. */
        @WithDefault("10000")
        int maxBatch();
    }

    interface Routing {
        /** Timeout of one forwarded recommend call. */
        @WithDefault("2s")
        Duration timeout();

        /**
         * A properties file of endpoint rewrites ({@code http://svc.ns.svc:8080=http://127.0.0.1:31234}), re-read when
         * it changes: for networks where the Services' cluster names do not resolve (the local platform writes one).
         */
        Optional<java.nio.file.Path> endpointsFile();
    }
}
