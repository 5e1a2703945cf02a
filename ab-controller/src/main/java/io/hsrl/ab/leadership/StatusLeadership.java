package io.hsrl.ab.leadership;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Which replica writes AbExperiment status. Every replica routes, collects events and publishes its own aggregates;
 * only the holder of a coordination.k8s.io Lease merges them and writes the status, so that replicas never overwrite
 * one another's view (docs/architecture.md). A replica that loses the lease becomes a candidate again: it keeps
 * serving traffic, so unlike an operator it does not exit. Closing releases the lease, so that a rolling restart
 * hands over within one retry period instead of one lease duration.
 */
public final class StatusLeadership implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(StatusLeadership.class);

    /**
     * @param enabled false: this replica always writes (a single replica, or an API without leases)
     */
    public record Settings(boolean enabled, String namespace, String leaseName, String identity,
            Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
        public Settings {
            if (enabled) {
                if (identity == null || identity.isBlank()) {
                    throw new IllegalArgumentException("hsrl.ab.replica (the lease holder identity) must be set");
                }
                if (!(renewDeadline.compareTo(leaseDuration) < 0 && retryPeriod.compareTo(renewDeadline) < 0)) {
                    throw new IllegalArgumentException("hsrl.ab.leader-election: retry-period < renew-deadline"
                            + " < lease-duration is required, was " + retryPeriod + " / " + renewDeadline + " / " + leaseDuration);
                }
            }
        }
    }

    private final KubernetesClient client;
    private final Settings settings;
    private final ScheduledExecutorService retries;
    private volatile boolean leading;
    private volatile String holder;
    private volatile boolean closed;
    private CompletableFuture<?> election;

    private StatusLeadership(KubernetesClient client, Settings settings) {
        this.client = client;
        this.settings = settings;
        this.retries = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ab-leader-election");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts campaigning (or, disabled, leads at once). */
    public static StatusLeadership start(KubernetesClient client, Settings settings) {
        StatusLeadership l = new StatusLeadership(client, settings);
        if (!settings.enabled()) {
            l.leading = true;
            l.holder = settings.identity();
        } else {
            l.campaign();
        }
        return l;
    }

    private synchronized void campaign() {
        if (closed) {
            return;
        }
        LOG.debugf("%s campaigns for lease %s/%s", settings.identity(), settings.namespace(), settings.leaseName());
        election = client.leaderElector().withConfig(new LeaderElectionConfigBuilder()
                .withName(settings.leaseName())
                .withLock(new LeaseLock(settings.namespace(), settings.leaseName(), settings.identity()))
                .withLeaseDuration(settings.leaseDuration())
                .withRenewDeadline(settings.renewDeadline())
                .withRetryPeriod(settings.retryPeriod())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(this::started, this::stopped, this::observed))
                .build()).build().start();
        // The elector ends when a leader fails to renew in time (or on close): campaign again unless closing.
        election.whenComplete((ok, err) -> {
            leading = false;
            if (!closed) {
                LOG.infof("%s: leader election ended (%s); campaigning again", settings.identity(),
                        err == null ? "lease lost" : err.toString());
                retries.schedule(this::campaign, settings.retryPeriod().toMillis(), TimeUnit.MILLISECONDS);
            }
        });
    }

    private void started() {
        leading = true;
        LOG.infof("%s now writes AbExperiment status (lease %s/%s)", settings.identity(), settings.namespace(),
                settings.leaseName());
    }

    private void stopped() {
        if (leading) {
            LOG.infof("%s no longer writes AbExperiment status", settings.identity());
        }
        leading = false;
    }

    private void observed(String identity) {
        holder = identity;
    }

    /** Whether this replica holds the lease now (and so writes status). */
    public boolean isLeader() {
        return leading && !closed;
    }

    /** The last lease holder this replica observed. */
    public Optional<String> leader() {
        return Optional.ofNullable(holder);
    }

    public String identity() {
        return settings.identity();
    }

    @Override
    public void close() {
        CompletableFuture<?> e;
        synchronized (this) {
            closed = true;
            e = election;
        }
        leading = false;
        if (e != null) {
            e.cancel(true); // releases the lease (withReleaseOnCancel)
        }
        retries.shutdownNow();
    }
}
