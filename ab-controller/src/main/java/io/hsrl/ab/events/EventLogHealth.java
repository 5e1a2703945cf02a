package io.hsrl.ab.events;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready once the event log has failed (fail-stop): the load balancer stops sending events that would be refused. */
@Readiness
@ApplicationScoped
public class EventLogHealth implements HealthCheck {
    private final EventStore store;

    EventLogHealth(EventStore store) {
        this.store = store;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("event-log").status(store.healthy())
                .withData("appliedRecords", store.appliedRecords()).build();
    }
}
