package io.hsrl.serving.health;

import io.hsrl.serving.ServedModel;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only once the whole model is loaded, verified and warmed up. */
@Readiness
@ApplicationScoped
public class ModelReadiness implements HealthCheck {
    private final ServedModel model;

    public ModelReadiness(ServedModel model) {
        this.model = model;
    }

    @Override
    public HealthCheckResponse call() {
        var b = HealthCheckResponse.named("model").withData("state", model.state().name())
                .withData("detail", model.detail());
        model.active().ifPresent(a -> b.withData("sha256", a.policy().describe().sha256()));
        return b.status(model.state() == ServedModel.State.READY).build();
    }
}
