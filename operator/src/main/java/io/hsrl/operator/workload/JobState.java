package io.hsrl.operator.workload;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;

import java.util.List;
import java.util.Optional;

/** What a Job reports, reduced to what the controllers decide on. */
public record JobState(Phase phase, String reason, String message) {

    public enum Phase { RUNNING, SUCCEEDED, FAILED }

    public static JobState of(Job job) {
        List<JobCondition> conditions = job.getStatus() == null || job.getStatus().getConditions() == null
                ? List.of() : job.getStatus().getConditions();
        Optional<JobCondition> failed = find(conditions, "Failed");
        if (failed.isPresent()) {
            JobCondition c = failed.get();
            return new JobState(Phase.FAILED, c.getReason() == null ? "JobFailed" : c.getReason(),
                    c.getMessage() == null ? "Job " + job.getMetadata().getName() + " failed" : c.getMessage());
        }
        if (find(conditions, "Complete").isPresent()
                || (job.getStatus() != null && job.getStatus().getSucceeded() != null
                && job.getStatus().getSucceeded() > 0)) {
            return new JobState(Phase.SUCCEEDED, "Succeeded", "Job " + job.getMetadata().getName() + " succeeded");
        }
        int activeCount = job.getStatus() == null || job.getStatus().getActive() == null ? 0 : job.getStatus().getActive();
        int failedPods = job.getStatus() == null || job.getStatus().getFailed() == null ? 0 : job.getStatus().getFailed();
        String msg = activeCount > 0 ? activeCount + " pod(s) running" : "waiting for a pod";
        if (failedPods > 0) {
            msg += ", " + failedPods + " failed attempt(s)";
        }
        return new JobState(Phase.RUNNING, activeCount > 0 ? "JobRunning" : "JobPending", msg);
    }

    private static Optional<JobCondition> find(List<JobCondition> conditions, String type) {
        return conditions.stream().filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus())).findFirst();
    }
}
