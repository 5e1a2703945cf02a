package io.hsrl.operator.config;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import jakarta.inject.Singleton;

/**
 * Lets two replicas run: only the holder of the Lease reconciles. QOSDK activates it in the profiles of
 * {@code quarkus.operator-sdk.activate-leader-election-for-profiles} (prod) when this bean exists.
 */
@Singleton
public class OperatorLeaderElection extends LeaderElectionConfiguration {
    public OperatorLeaderElection(OperatorConfig config) {
        super(config.leaderElection().leaseName(), config.leaderElection().leaseNamespace().orElse(null));
    }
}
