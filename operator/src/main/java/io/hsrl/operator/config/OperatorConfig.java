package io.hsrl.operator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Everything the operator can be told, with its defaults in this one place ({@code hsrl.operator.*}). */
@ConfigMapping(prefix = "hsrl.operator")
public interface OperatorConfig {

    /** Image of the trainer program; runs the {@code index} and {@code train} commands. */
    @WithDefault("ghcr.io/hsrl/hsrl-trainer:0.1.0")
    String trainerImage();

    /** Image of the policy server. */
    @WithDefault("ghcr.io/hsrl/hsrl-serving:0.1.0")
    String servingImage();

    /** Image pull policy of the workload containers; the cluster's default when empty. */
    Optional<String> imagePullPolicy();

    /** How often the progress of a running training is copied into its status. */
    @WithDefault("5s")
    Duration progressInterval();

    /**
     * URI schemes a spec may use for its inputs: {@code s3} (s3://bucket/key), and {@code file} for absolute paths
     * inside the workload pods (only where the pods mount such a volume).
     */
    @WithDefault("s3")
    java.util.Set<String> allowedUriSchemes();

    /** How long an informer may stay unhealthy (readiness false) before liveness fails and the pod is restarted. */
    @WithDefault("2m")
    Duration informerRecoveryGrace();

    ObjectStore objectStore();

    LeaderElection leaderElection();

    /** Object-store defaults and the operator's own access (it reads stats.json, progress.json, latest.json). */
    interface ObjectStore {
        /** Secret (in the resource's namespace) whose keys endpoint, accessKey, secretKey the workload pods get. */
        @WithDefault("hsrl-object-store")
        String secretName();

        @WithDefault("hsrl")
        String bucket();

        /** S3 endpoint the operator reads artefacts from; HSRL_S3_* environment variables when empty. */
        Optional<String> endpoint();

        Optional<String> accessKey();

        Optional<String> secretKey();

        Optional<String> region();
    }

    interface LeaderElection {
        @WithDefault("hsrl-operator-lease")
        String leaseName();

        /** Namespace of the Lease; the operator's own namespace when empty. */
        Optional<String> leaseNamespace();
    }
}
