package io.hsrl.local.runner;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One Job run locally: pods one after another until {@code completions} succeeded, a new pod after each failure with
 * exponential back-off (1 s, 2 s, … 30 s; the kubelet's 10 s start is too slow for a laptop demo) until
 * {@code backoffLimit} failures have happened, and the whole Job failed when {@code activeDeadlineSeconds} passes.
 * Status mirrors the Job controller's: active, startTime, succeeded, failed, completionTime, and a Complete or Failed
 * condition whose message carries the exit code and the log file.
 */
final class JobRun {
    private static final Logger LOG = LoggerFactory.getLogger(JobRun.class);

    private final KubernetesClient client;
    private final WorkloadRunner runner;
    private final ImageMap.Entry image;
    private final String namespace;
    private final String name;
    private final Instant startTime;
    private LocalPod pod;
    private int succeeded;
    private int failed;
    private Instant nextAttempt = Instant.EPOCH;
    private JobCondition terminal;
    private Instant completionTime;
    private String lastExit = "";
    private String pendingReason;
    private JobStatus lastWritten;

    JobRun(KubernetesClient client, Job job, ImageMap.Entry image, WorkloadRunner runner) {
        this.client = client;
        this.runner = runner;
        this.image = image;
        this.namespace = job.getMetadata().getNamespace();
        this.name = job.getMetadata().getName();
        String existing = job.getStatus() == null ? null : job.getStatus().getStartTime();
        this.startTime = existing == null ? Instant.now() : Instant.parse(existing);
        if (job.getStatus() != null) {
            this.failed = nz(job.getStatus().getFailed());
            this.succeeded = nz(job.getStatus().getSucceeded());
        }
    }

    static boolean isFinished(Job job) {
        return job.getStatus() != null && job.getStatus().getConditions() != null && job.getStatus().getConditions()
                .stream().anyMatch(c -> "True".equals(c.getStatus())
                        && ("Complete".equals(c.getType()) || "Failed".equals(c.getType())));
    }

    void reconcile(Job job) {
        if (terminal == null) {
            step(job);
        }
        writeStatus();
    }

    private void step(Job job) {
        var spec = job.getSpec();
        int completions = spec.getCompletions() == null ? 1 : spec.getCompletions();
        int backoffLimit = spec.getBackoffLimit() == null ? 6 : spec.getBackoffLimit();
        Long deadline = spec.getActiveDeadlineSeconds();
        Instant now = Instant.now();
        if (deadline != null && now.isAfter(startTime.plusSeconds(deadline))) {
            if (pod != null) {
                pod.stop();
                pod = null;
                failed++;
            }
            finish("Failed", "DeadlineExceeded", "Job was active longer than specified deadline ("
                    + deadline + " s)");
            return;
        }
        if (pod != null && !pod.isAlive()) {
            int code = pod.exitCode();
            lastExit = "pod " + pod.name() + " exited with code " + code + " (log: " + pod.log() + ")";
            if (code == 0) {
                succeeded++;
                LOG.info("job {}/{}: {}", namespace, name, lastExit);
            } else {
                failed++;
                LOG.warn("job {}/{}: {}", namespace, name, lastExit);
                long backoffMs = Math.min(30_000, 1000L << Math.min(15, failed - 1));
                nextAttempt = now.plusMillis(backoffMs);
            }
            pod = null;
        }
        if (succeeded >= completions) {
            finish("Complete", null, lastExit);
            return;
        }
        if (failed > backoffLimit) {
            finish("Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit; last "
                    + lastExit);
            return;
        }
        if (pod == null && Boolean.TRUE.equals(spec.getSuspend())) {
            return;
        }
        if (pod == null && !now.isBefore(nextAttempt)) {
            String podName = name + "-" + suffix();
            try {
                pod = runner.startPod(namespace, podName, spec.getTemplate(), image, 0, null);
                pendingReason = null;
                LOG.info("job {}/{}: started pod {} (pid {}, log {})", namespace, name, podName, pod.pid(), pod.log());
            } catch (PodEnvironment.UnresolvedReference e) {
                if (!e.getMessage().equals(pendingReason)) {
                    LOG.warn("job {}/{}: pod cannot start yet: {}", namespace, name, e.getMessage());
                }
                pendingReason = e.getMessage();
                nextAttempt = now.plusSeconds(2);
            } catch (IOException e) {
                failed++;
                lastExit = "pod " + podName + " could not start: " + e.getMessage();
                LOG.warn("job {}/{}: {}", namespace, name, lastExit);
                nextAttempt = now.plusSeconds(2);
            }
        }
    }

    private void finish(String type, String reason, String message) {
        completionTime = Instant.now();
        terminal = new JobConditionBuilder().withType(type).withStatus("True").withReason(reason)
                .withMessage(message).withLastProbeTime(completionTime.toString())
                .withLastTransitionTime(completionTime.toString()).build();
        LOG.info("job {}/{}: {}{}", namespace, name, type, reason == null ? "" : " (" + reason + ")");
    }

    private JobStatus desiredStatus() {
        JobStatus s = new JobStatus();
        s.setStartTime(startTime.toString());
        s.setActive(pod != null && pod.isAlive() ? 1 : 0);
        s.setSucceeded(succeeded);
        s.setFailed(failed);
        s.setReady(pod != null && pod.isAlive() ? 1 : 0);
        List<JobCondition> conditions = new ArrayList<>();
        if (terminal != null) {
            if ("Complete".equals(terminal.getType())) {
                s.setCompletionTime(completionTime.toString());
            }
            conditions.add(terminal);
        }
        s.setConditions(conditions);
        return s;
    }

    private void writeStatus() {
        JobStatus desired = desiredStatus();
        if (Objects.equals(desired, lastWritten)) {
            return;
        }
        try {
            Job updated = client.batch().v1().jobs().inNamespace(namespace).withName(name).editStatus(j -> {
                j.setStatus(desired);
                return j;
            });
            if (updated != null) {
                lastWritten = desired;
            }
        } catch (KubernetesClientException e) {
            LOG.debug("job {}/{}: status write failed ({}), retrying next tick", namespace, name, e.getMessage());
        }
    }

    void stop() {
        if (pod != null) {
            pod.stop();
            pod = null;
        }
    }

    private static int nz(Integer i) {
        return i == null ? 0 : i;
    }

    private static String suffix() {
        String chars = "bcdfghjklmnpqrstvwxz2456789";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            sb.append(chars.charAt(ThreadLocalRandom.current().nextInt(chars.length())));
        }
        return sb.toString();
    }

    static Duration since(Instant t) {
        return Duration.between(t, Instant.now());
    }
}
