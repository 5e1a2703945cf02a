package io.hsrl.operator.config;

import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * Lets two replicas run: only the holder of the Lease reconciles. QOSDK activates it in the profiles of
 * {@code quarkus.operator-sdk.activate-leader-election-for-profiles} (prod) when this bean exists.
 *
 * <p>A replica that loses the Lease exits (exit code 1) so that Kubernetes restarts it as a candidate. JOSDK's own
 * exit-on-stop-leading also fires when the operator stops on a normal shutdown (SIGTERM, a rolling update), which
 * then ended with exit code 1 from inside the shutdown; here only a loss while running exits.
 */
@Singleton
public class OperatorLeaderElection extends LeaderElectionConfiguration {
    private static final Logger LOG = Logger.getLogger(OperatorLeaderElection.class);
    private static volatile boolean shuttingDown;

    public OperatorLeaderElection(OperatorConfig config) {
        super(config.leaderElection().leaseName(), config.leaderElection().leaseNamespace().orElse(null),
                LEASE_DURATION_DEFAULT_VALUE, RENEW_DEADLINE_DEFAULT_VALUE, RETRY_PERIOD_DEFAULT_VALUE, null,
                new LeaderCallbacks(() -> {
                }, OperatorLeaderElection::stoppedLeading, leader -> {
                }), false);
    }

    private static void stoppedLeading() {
        if (!shuttingDown) {
            LOG.error("lost the leader-election Lease: exiting so that this replica restarts as a candidate");
            System.exit(1);
        }
    }

    /** Runs before QOSDK stops the operator (its observer has the default, later priority). */
    void onShutdown(@Observes @Priority(1) ShutdownEvent event) {
        shuttingDown = true;
    }
}
