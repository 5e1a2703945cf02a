package io.hsrl.serving.health;

import io.hsrl.serving.ServedModel;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Alive while loading or serving; down only when the model load has failed for good (then a restart is the
 * remedy, which is also what happens when the server exits after its bounded retries).
 */
@Liveness
@ApplicationScoped
public class ServerLiveness implements HealthCheck {
    private final ServedModel model;

    public ServerLiveness(ServedModel model) {
        this.model = model;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("server").withData("state", model.state().name())
                .status(model.state() != ServedModel.State.FAILED).build();
    }
}
