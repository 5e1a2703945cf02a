package io.hsrl.local.runner;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The local "kubelet" for this platform's own images: watches Jobs, Deployments and Services in all namespaces and
 * runs each mapped container ({@link ImageMap}) as a local process with the pod's args and environment, writing Job and
 * Deployment status back through the API. One thread reconciles everything, on each watch event and once a second
 * (process exits, readiness and deadlines are noticed by that tick), so no two decisions race.
 */
public final class WorkloadRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkloadRunner.class);

    private final KubernetesClient client;
    private final ImageMap images;
    private final Path dataDir;
    private final Map<String, String> nodeEnvironment;
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "workload-runner");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, JobRun> jobs = new HashMap<>();
    private final Map<String, DeploymentRun> deployments = new HashMap<>();
    private final Set<String> ignoredImages = new HashSet<>();
    private final ServicePorts services;
    private SharedIndexInformer<Job> jobInformer;
    private SharedIndexInformer<Deployment> deploymentInformer;
    private SharedIndexInformer<Service> serviceInformer;

    /**
     * @param nodeEnvironment variables every container gets unless its spec sets them (e.g. DJL_CACHE_DIR, shared so
     *                        that libtorch is extracted once)
     */
    public WorkloadRunner(KubernetesClient client, ImageMap images, Path dataDir, Map<String, String> nodeEnvironment) {
        this.client = client;
        this.images = images;
        this.dataDir = dataDir;
        this.nodeEnvironment = Map.copyOf(nodeEnvironment);
        this.services = new ServicePorts(dataDir.resolve("endpoints.properties"));
    }

    public WorkloadRunner start() {
        ResourceEventHandler<HasMetadata> kick = new ResourceEventHandler<>() {
            @Override
            public void onAdd(HasMetadata obj) {
                trigger();
            }

            @Override
            public void onUpdate(HasMetadata oldObj, HasMetadata newObj) {
                trigger();
            }

            @Override
            public void onDelete(HasMetadata obj, boolean deletedFinalStateUnknown) {
                trigger();
            }
        };
        jobInformer = client.batch().v1().jobs().inAnyNamespace().inform(cast(kick), 30_000);
        deploymentInformer = client.apps().deployments().inAnyNamespace().inform(cast(kick), 30_000);
        serviceInformer = client.services().inAnyNamespace().inform(cast(kick), 30_000);
        loop.scheduleWithFixedDelay(this::reconcileSafely, 0, 1, TimeUnit.SECONDS);
        return this;
    }

    @SuppressWarnings("unchecked")
    private static <T extends HasMetadata> ResourceEventHandler<T> cast(ResourceEventHandler<HasMetadata> h) {
        return (ResourceEventHandler<T>) (ResourceEventHandler<?>) h;
    }

    private void trigger() {
        if (!loop.isShutdown()) {
            loop.execute(this::reconcileSafely);
        }
    }

    private void reconcileSafely() {
        try {
            reconcile();
        } catch (RuntimeException e) {
            LOG.warn("workload reconcile failed: {}", e.toString());
        }
    }

    private void reconcile() {
        Set<String> liveJobs = new HashSet<>();
        for (Job job : jobInformer.getStore().list()) {
            Optional<ImageMap.Entry> entry = mapped(job.getSpec().getTemplate());
            if (entry.isEmpty()) {
                continue;
            }
            String key = key(job);
            liveJobs.add(key);
            JobRun run = jobs.get(key);
            if (run == null) {
                if (JobRun.isFinished(job)) {
                    continue;
                }
                run = new JobRun(client, job, entry.get(), this);
                jobs.put(key, run);
                LOG.info("job {}: running image {} locally", key, container(job.getSpec().getTemplate()).getImage());
            }
            run.reconcile(job);
        }
        jobs.entrySet().removeIf(e -> {
            if (!liveJobs.contains(e.getKey())) {
                LOG.info("job {}: deleted; stopping its processes", e.getKey());
                e.getValue().stop();
                return true;
            }
            return false;
        });

        Set<String> liveDeployments = new HashSet<>();
        for (Deployment d : deploymentInformer.getStore().list()) {
            Optional<ImageMap.Entry> entry = mapped(d.getSpec().getTemplate());
            if (entry.isEmpty()) {
                continue;
            }
            String key = key(d);
            liveDeployments.add(key);
            DeploymentRun run = deployments.computeIfAbsent(key, k -> {
                LOG.info("deployment {}: running image {} locally", k, container(d.getSpec().getTemplate()).getImage());
                return new DeploymentRun(client, d, this);
            });
            run.reconcile(d, entry.get());
        }
        deployments.entrySet().removeIf(e -> {
            if (!liveDeployments.contains(e.getKey())) {
                LOG.info("deployment {}: deleted; stopping its processes", e.getKey());
                e.getValue().stop();
                return true;
            }
            return false;
        });
        reconcileServices();
    }

    private void reconcileServices() {
        Set<String> live = new HashSet<>();
        for (Service svc : serviceInformer.getStore().list()) {
            Map<String, String> selector = svc.getSpec() == null ? null : svc.getSpec().getSelector();
            if (selector == null || selector.isEmpty() || svc.getSpec().getPorts() == null) {
                continue;
            }
            String ns = svc.getMetadata().getNamespace();
            List<Integer> backends = new ArrayList<>();
            boolean selectsLocal = false;
            for (DeploymentRun run : deployments.values()) {
                if (run.namespace().equals(ns) && run.podLabels().entrySet().containsAll(selector.entrySet())) {
                    selectsLocal = true;
                    backends.addAll(run.readyPorts());
                }
            }
            if (!selectsLocal) {
                continue;
            }
            for (ServicePort port : svc.getSpec().getPorts()) {
                String key = ns + "/" + svc.getMetadata().getName() + "/" + port.getPort();
                live.add(key);
                try {
                    services.ensure(ns, svc.getMetadata().getName(), port.getPort(), backends);
                } catch (IOException e) {
                    LOG.warn("service {}: cannot open a local port: {}", key, e.getMessage());
                }
            }
        }
        try {
            services.retainAndWrite(live);
        } catch (IOException e) {
            LOG.warn("cannot write {}: {}", dataDir.resolve("endpoints.properties"), e.getMessage());
        }
    }

    private Optional<ImageMap.Entry> mapped(PodTemplateSpec template) {
        Container c = container(template);
        if (c == null) {
            return Optional.empty();
        }
        Optional<ImageMap.Entry> e = images.find(c.getImage());
        if (e.isEmpty() && ignoredImages.add(String.valueOf(c.getImage()))) {
            LOG.info("image {} is not run locally (no mapping)", c.getImage());
        }
        return e;
    }

    static Container container(PodTemplateSpec template) {
        if (template == null || template.getSpec() == null || template.getSpec().getContainers() == null
                || template.getSpec().getContainers().isEmpty()) {
            return null;
        }
        return template.getSpec().getContainers().get(0);
    }

    static String key(HasMetadata o) {
        return o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
    }

    /** The container's command line and environment, as the pod would have them. */
    LocalPod startPod(String namespace, String podName, PodTemplateSpec template, ImageMap.Entry entry, int port,
                      String readinessPath) throws PodEnvironment.UnresolvedReference, IOException {
        Container c = container(template);
        if (c.getCommand() != null && !c.getCommand().isEmpty()) {
            LOG.warn("pod {}/{}: container command {} ignored; the local command is {}", namespace, podName,
                    c.getCommand(), entry.command());
        }
        Map<String, String> env = new LinkedHashMap<>(nodeEnvironment);
        env.putAll(PodEnvironment.resolve(client, namespace, podName, c));
        Quantity memory = c.getResources() == null || c.getResources().getLimits() == null ? null
                : c.getResources().getLimits().get("memory");
        if (memory != null && !env.containsKey("JAVA_TOOL_OPTIONS")) {
            long bytes = Quantity.getAmountInBytes(memory).longValue();
            env.put("JAVA_TOOL_OPTIONS", "-Xmx" + Math.max(64, bytes * 3 / 4 / (1024 * 1024)) + "m");
        }
        if (port > 0) {
            env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
            env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        }
        List<String> command = new ArrayList<>(entry.command());
        if (c.getArgs() != null) {
            for (String a : c.getArgs()) {
                command.add(PodEnvironment.expand(a, env));
            }
        }
        return LocalPod.start(namespace, podName, command, env, dataDir, port, readinessPath);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static String templateHash(PodTemplateSpec template) {
        return Integer.toHexString(Serialization.asJson(template).hashCode());
    }

    /** The local ports of the Services the runner forwards (ns/svc/port → 127.0.0.1 port). */
    public Map<String, Integer> servicePorts() {
        return services.ports();
    }

    @Override
    public void close() {
        loop.shutdown();
        try {
            loop.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (SharedIndexInformer<?> i : new SharedIndexInformer<?>[]{jobInformer, deploymentInformer, serviceInformer}) {
            if (i != null) {
                i.close();
            }
        }
        jobs.values().forEach(JobRun::stop);
        deployments.values().forEach(DeploymentRun::stop);
        services.close();
    }
}
