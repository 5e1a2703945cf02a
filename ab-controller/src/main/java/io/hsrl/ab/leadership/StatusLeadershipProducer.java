package io.hsrl.ab.leadership;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.hsrl.ab.AbConfig;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Campaigns for the status lease when the controller starts; releases it at shutdown. */
@ApplicationScoped
public class StatusLeadershipProducer {
    @Produces
    @Singleton
    StatusLeadership leadership(KubernetesClient client, AbConfig config, MeterRegistry metrics) {
        AbConfig.LeaderElection le = config.leaderElection();
        // In a pod the client's namespace is the pod's own (its service-account namespace), where its Role allows leases.
        String ns = le.leaseNamespace().filter(s -> !s.isBlank())
                .orElse(client.getNamespace() == null ? "default" : client.getNamespace());
        StatusLeadership leadership = StatusLeadership.start(client, new StatusLeadership.Settings(le.enabled(), ns,
                le.leaseName(), config.replica(), le.leaseDuration(), le.renewDeadline(), le.retryPeriod()));
        metrics.gauge("hsrl.ab.status.leader", leadership, l -> l.isLeader() ? 1 : 0);
        return leadership;
    }

    void close(@Disposes StatusLeadership leadership) {
        leadership.close();
    }
}
