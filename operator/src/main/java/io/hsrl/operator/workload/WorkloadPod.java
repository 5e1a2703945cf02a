package io.hsrl.operator.workload;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.hsrl.api.v1alpha1.ObjectStoreRef;
import io.hsrl.api.v1alpha1.PodOverrides;
import io.hsrl.operator.config.OperatorConfig;
import io.hsrl.store.S3Settings;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The pod every workload runs in: one container with the program's arguments, object-store settings from a Secret,
 * the resource's pod overrides, a non-root security context and no ServiceAccount token (workloads need no API).
 */
public final class WorkloadPod {
    public static final String GPU = "nvidia.com/gpu";
    /** Non-root user of the images (their Dockerfiles create it). */
    public static final long USER_ID = 10001L;

    private final String containerName;
    private final String defaultImage;
    private final List<String> args;
    private final List<EnvVar> env = new ArrayList<>();
    private final PodOverrides overrides;
    private String restartPolicy;
    private int gpus;
    private Container containerTemplate;

    public WorkloadPod(String containerName, String defaultImage, List<String> args, PodOverrides overrides) {
        this.containerName = containerName;
        this.defaultImage = defaultImage;
        this.args = List.copyOf(args);
        this.overrides = overrides == null ? new PodOverrides() : overrides;
    }

    /** HSRL_S3_* from the resource's Secret (or the operator's default Secret); never the values themselves. */
    public WorkloadPod objectStoreFrom(ObjectStoreRef ref, OperatorConfig config) {
        String secret = secretName(ref, config);
        env.add(secretEnv(S3Settings.ENDPOINT, secret, "endpoint", false));
        env.add(secretEnv(S3Settings.ACCESS_KEY, secret, "accessKey", false));
        env.add(secretEnv(S3Settings.SECRET_KEY, secret, "secretKey", false));
        env.add(secretEnv(S3Settings.REGION, secret, "region", true));
        return this;
    }

    public WorkloadPod env(String name, String value) {
        env.add(new EnvVarBuilder().withName(name).withValue(value).build());
        return this;
    }

    /** Plain variables in the map's order (a workload contract's {@code toEnv()}). */
    public WorkloadPod env(Map<String, String> variables) {
        variables.forEach(this::env);
        return this;
    }

    public WorkloadPod restartPolicy(String policy) {
        this.restartPolicy = policy;
        return this;
    }

    /** {@code nvidia.com/gpu} limit (and request), unless the overrides set one themselves. */
    public WorkloadPod gpus(int gpus) {
        this.gpus = gpus;
        return this;
    }

    /** Extra container settings (ports, probes) merged into the container. */
    public WorkloadPod container(Container template) {
        this.containerTemplate = template;
        return this;
    }

    public static String secretName(ObjectStoreRef ref, OperatorConfig config) {
        return ref != null && ref.secretName != null && !ref.secretName.isBlank()
                ? ref.secretName : config.objectStore().secretName();
    }

    public static String bucket(ObjectStoreRef ref, OperatorConfig config) {
        return ref != null && ref.bucket != null && !ref.bucket.isBlank() ? ref.bucket : config.objectStore().bucket();
    }

    public PodSpec build(OperatorConfig config) {
        ContainerBuilder container = (containerTemplate == null ? new ContainerBuilder()
                : new ContainerBuilder(containerTemplate))
                .withName(containerName)
                .withImage(overrides.image == null || overrides.image.isBlank() ? defaultImage : overrides.image)
                .withArgs(args)
                .withEnv(env)
                .withResources(resources())
                .withSecurityContext(new SecurityContextBuilder()
                        .withAllowPrivilegeEscalation(false)
                        .withNewCapabilities().withDrop("ALL").endCapabilities()
                        .build());
        config.imagePullPolicy().ifPresent(container::withImagePullPolicy);
        PodSpecBuilder pod = new PodSpecBuilder()
                .withContainers(container.build())
                .withAutomountServiceAccountToken(false)
                .withSecurityContext(new PodSecurityContextBuilder()
                        .withRunAsNonRoot(true)
                        .withRunAsUser(USER_ID)
                        .withRunAsGroup(USER_ID)
                        .withFsGroup(USER_ID)
                        .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                        .build());
        if (restartPolicy != null) {
            pod.withRestartPolicy(restartPolicy);
        }
        if (overrides.nodeSelector != null && !overrides.nodeSelector.isEmpty()) {
            pod.withNodeSelector(overrides.nodeSelector);
        }
        if (overrides.tolerations != null && !overrides.tolerations.isEmpty()) {
            pod.withTolerations(overrides.tolerations);
        }
        if (overrides.serviceAccountName != null && !overrides.serviceAccountName.isBlank()) {
            pod.withServiceAccountName(overrides.serviceAccountName);
        }
        return pod.build();
    }

    private ResourceRequirements resources() {
        ResourceRequirements given = overrides.resources;
        Map<String, Quantity> limits = new HashMap<>(given == null || given.getLimits() == null
                ? Map.of() : given.getLimits());
        Map<String, Quantity> requests = new HashMap<>(given == null || given.getRequests() == null
                ? Map.of() : given.getRequests());
        if (gpus > 0 && !limits.containsKey(GPU)) {
            // Extended resources: the limit is what the scheduler counts; a request, when given, must equal it.
            limits.put(GPU, new Quantity(Integer.toString(gpus)));
            if (requests.containsKey(GPU)) {
                requests.put(GPU, limits.get(GPU));
            }
        }
        return new ResourceRequirementsBuilder().withLimits(limits.isEmpty() ? null : limits)
                .withRequests(requests.isEmpty() ? null : requests).build();
    }

    private static EnvVar secretEnv(String name, String secret, String key, boolean optional) {
        return new EnvVarBuilder().withName(name).withNewValueFrom().withNewSecretKeyRef()
                .withName(secret).withKey(key).withOptional(optional ? Boolean.TRUE : null)
                .endSecretKeyRef().endValueFrom().build();
    }
}
