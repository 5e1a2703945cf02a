package io.hsrl.operator.health;

import io.hsrl.operator.config.OperatorConfig;
import io.javaoperatorsdk.operator.Operator;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Liveness that follows the informers: readiness (QOSDK's check) already turns false while an event source is
 * unhealthy; if it stays so for longer than {@code hsrl.operator.informer-recovery-grace} the operator will not
 * recover by itself (a stopped watch is not restarted), so liveness fails and the kubelet restarts the pod.
 */
@Liveness
@ApplicationScoped
public class InformerLiveness implements HealthCheck {
    static final String NAME = "informers";

    private final Operator operator;
    private final Duration grace;
    private volatile Instant unhealthySince;

    public InformerLiveness(Operator operator, OperatorConfig config) {
        this.operator = operator;
        this.grace = config.informerRecoveryGrace();
    }

    @Override
    public HealthCheckResponse call() {
        return check(Instant.now());
    }

    HealthCheckResponse check(Instant now) {
        Map<String, String> unhealthy = new TreeMap<>();
        var info = operator.getRuntimeInfo();
        if (info.isStarted()) {
            info.unhealthyEventSources().forEach((controller, sources) -> sources.forEach((source, health) ->
                    unhealthy.put(controller + "/" + source, String.valueOf(health.getStatus()))));
        }
        var response = HealthCheckResponse.named(NAME);
        if (unhealthy.isEmpty()) {
            unhealthySince = null;
            return response.up().build();
        }
        if (unhealthySince == null) {
            unhealthySince = now;
        }
        unhealthy.forEach(response::withData);
        response.withData("unhealthySince", unhealthySince.toString());
        boolean recovering = Duration.between(unhealthySince, now).compareTo(grace) <= 0;
        return response.status(recovering).build();
    }
}
