package io.hsrl.local.runner;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One Deployment run locally: {@code spec.replicas} processes of its container, each on its own loopback port
 * ({@code QUARKUS_HTTP_PORT}); ready when its readiness probe's HTTP path answers 2xx/3xx (no probe: while alive);
 * a crashed replica restarts with back-off (1 s doubling to 30 s); a changed pod template replaces all replicas
 * (recreate, not rolling: one machine). Status: replicas, updated/ready/available replicas, observedGeneration and an
 * Available condition.
 */
final class DeploymentRun {
    private static final Logger LOG = LoggerFactory.getLogger(DeploymentRun.class);

    private final KubernetesClient client;
    private final WorkloadRunner runner;
    private final String namespace;
    private final String name;
    private final List<LocalPod> pods = new ArrayList<>();
    private String templateHash;
    private Map<String, String> podLabels = Map.of();
    private int crashes;
    private Instant nextStart = Instant.EPOCH;
    private String pendingReason;
    private DeploymentStatus lastWritten;

    DeploymentRun(KubernetesClient client, Deployment d, WorkloadRunner runner) {
        this.client = client;
        this.runner = runner;
        this.namespace = d.getMetadata().getNamespace();
        this.name = d.getMetadata().getName();
    }

    String namespace() {
        return namespace;
    }

    Map<String, String> podLabels() {
        return podLabels;
    }

    List<Integer> readyPorts() {
        return pods.stream().filter(LocalPod::ready).map(LocalPod::port).toList();
    }

    void reconcile(Deployment d, ImageMap.Entry image) {
        var template = d.getSpec().getTemplate();
        podLabels = template.getMetadata() == null || template.getMetadata().getLabels() == null ? Map.of()
                : Map.copyOf(template.getMetadata().getLabels());
        String hash = WorkloadRunner.templateHash(template);
        if (templateHash != null && !templateHash.equals(hash)) {
            LOG.info("deployment {}/{}: pod template changed; replacing {} replica(s)", namespace, name, pods.size());
            stop();
            crashes = 0;
            nextStart = Instant.EPOCH;
        }
        templateHash = hash;
        Instant now = Instant.now();
        pods.removeIf(p -> {
            if (!p.isAlive()) {
                crashes++;
                nextStart = now.plusMillis(Math.min(30_000, 1000L << Math.min(15, crashes - 1)));
                LOG.warn("deployment {}/{}: pod {} exited with code {} (log: {}); restart #{}", namespace, name,
                        p.name(), p.exitCode(), p.log(), crashes);
                return true;
            }
            return false;
        });
        int desired = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        while (pods.size() > desired) {
            pods.remove(pods.size() - 1).stop();
        }
        Container c = WorkloadRunner.container(template);
        String readiness = readinessPath(c.getReadinessProbe());
        while (pods.size() < desired && !now.isBefore(nextStart)) {
            String podName = name + "-" + hash.substring(0, Math.min(6, hash.length())) + "-" + pods.size();
            try {
                int port = WorkloadRunner.freePort();
                LocalPod pod = runner.startPod(namespace, podName, template, image, port, readiness);
                pods.add(pod);
                pendingReason = null;
                LOG.info("deployment {}/{}: started pod {} on 127.0.0.1:{} (pid {}, log {})", namespace, name,
                        podName, port, pod.pid(), pod.log());
            } catch (PodEnvironment.UnresolvedReference e) {
                if (!e.getMessage().equals(pendingReason)) {
                    LOG.warn("deployment {}/{}: pod cannot start yet: {}", namespace, name, e.getMessage());
                }
                pendingReason = e.getMessage();
                nextStart = now.plusSeconds(2);
                break;
            } catch (IOException e) {
                LOG.warn("deployment {}/{}: pod could not start: {}", namespace, name, e.getMessage());
                nextStart = now.plusSeconds(2);
                break;
            }
        }
        for (LocalPod p : pods) {
            boolean wasReady = p.ready();
            if (p.probe() && !wasReady) {
                LOG.info("deployment {}/{}: pod {} is ready", namespace, name, p.name());
                if (now.isAfter(p.started().plusSeconds(60))) {
                    crashes = 0;
                }
            }
        }
        writeStatus(d, desired);
    }

    private static String readinessPath(Probe probe) {
        if (probe == null || probe.getHttpGet() == null) {
            return null;
        }
        String path = probe.getHttpGet().getPath();
        return path == null || path.isEmpty() ? "/" : path;
    }

    private void writeStatus(Deployment d, int desired) {
        int ready = (int) pods.stream().filter(LocalPod::ready).count();
        DeploymentStatus s = new DeploymentStatus();
        s.setObservedGeneration(d.getMetadata().getGeneration());
        s.setReplicas(pods.size());
        s.setUpdatedReplicas(pods.size());
        s.setReadyReplicas(ready);
        s.setAvailableReplicas(ready);
        s.setUnavailableReplicas(Math.max(0, desired - ready));
        boolean available = ready >= desired;
        DeploymentCondition cond = new DeploymentConditionBuilder().withType("Available")
                .withStatus(available ? "True" : "False")
                .withReason(available ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable")
                .withMessage(available ? "Deployment has minimum availability."
                        : "Deployment does not have minimum availability." + (pendingReason == null ? ""
                        : " " + pendingReason))
                .build();
        s.setConditions(List.of(cond));
        if (Objects.equals(s, lastWritten)) {
            return;
        }
        String now = Instant.now().toString();
        cond.setLastUpdateTime(now);
        cond.setLastTransitionTime(now);
        DeploymentStatus comparable = copyWithoutTimes(s);
        try {
            Deployment updated = client.apps().deployments().inNamespace(namespace).withName(name).editStatus(x -> {
                x.setStatus(s);
                return x;
            });
            if (updated != null) {
                lastWritten = comparable;
            }
        } catch (KubernetesClientException e) {
            LOG.debug("deployment {}/{}: status write failed ({}), retrying next tick", namespace, name,
                    e.getMessage());
        }
    }

    private static DeploymentStatus copyWithoutTimes(DeploymentStatus s) {
        DeploymentStatus c = new DeploymentStatus();
        c.setObservedGeneration(s.getObservedGeneration());
        c.setReplicas(s.getReplicas());
        c.setUpdatedReplicas(s.getUpdatedReplicas());
        c.setReadyReplicas(s.getReadyReplicas());
        c.setAvailableReplicas(s.getAvailableReplicas());
        c.setUnavailableReplicas(s.getUnavailableReplicas());
        List<DeploymentCondition> conds = new ArrayList<>();
        for (DeploymentCondition dc : s.getConditions()) {
            conds.add(new DeploymentConditionBuilder(dc).withLastUpdateTime(null).withLastTransitionTime(null).build());
        }
        c.setConditions(conds);
        return c;
    }

    void stop() {
        pods.forEach(LocalPod::stop);
        pods.clear();
    }
}
