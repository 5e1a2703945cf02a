package io.hsrl.serving.config;

import io.hsrl.contracts.ServingEnvironment;
import io.hsrl.serving.batch.MicroBatcher;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;
import java.util.Optional;

/**
 * Everything the policy server reads, with its defaults in one place. What the operator sets on the pod
 * ({@link ServingEnvironment}: {@code HSRL_MODEL_URI}, {@code HSRL_MODEL_SHA256}, {@code HSRL_SLATE_SIZE},
 * {@code HSRL_BEAM_WIDTH}) arrives here through {@link ServingEnvironmentConfigSource} under the names the contract
 * defines; the object store comes from {@code HSRL_S3_*}.
 */
@ConfigMapping(prefix = ServingEnvironment.PREFIX)
public interface ServingConfig {

    /** A checkpoint manifest, a {@code latest.json} pointer, or a folder holding one of them. */
    @WithName(ServingEnvironment.MODEL_URI_PROPERTY)
    Optional<String> modelUri();

    /**
     * SHA-256 of the manifest the model URI must resolve to; a model whose manifest differs is refused (the server
     * stays not ready). Empty: not checked.
     */
    @WithName(ServingEnvironment.MODEL_SHA256_PROPERTY)
    Optional<String> modelSha256();

    /** Prefixes kept per level by the beam search (hsrl mode); raised to the slate size when smaller. */
    @WithName(ServingEnvironment.BEAM_WIDTH_PROPERTY)
    @WithDefault("" + ServingEnvironment.DEFAULT_BEAM_WIDTH)
    int beamWidth();

    /** Slate size when a request does not give one. */
    @WithName(ServingEnvironment.SLATE_SIZE_PROPERTY)
    @WithDefault("" + ServingEnvironment.DEFAULT_SLATE_SIZE)
    int defaultSlateSize();

    /** Intra-op threads of the PyTorch engine (1 is fastest for small models on few cores). */
    @WithDefault("1")
    int threads();

    /** Device for the model: auto, cpu, gpu, gpu:N. */
    @WithDefault("auto")
    String device();

    Store store();

    Batching batching();

    Limits limits();

    Load load();

    /**
     * The S3 server for {@code s3://} model URIs; by default from {@code HSRL_S3_ENDPOINT}, {@code HSRL_S3_ACCESS_KEY},
     * {@code HSRL_S3_SECRET_KEY}, {@code HSRL_S3_REGION} (a Secret in Kubernetes).
     */
    interface Store {
        Optional<String> endpoint();

        Optional<String> accessKey();

        Optional<String> secretKey();

        Optional<String> region();
    }

    interface Batching {
        /** Longest time the first request of a batch waits for company. */
        @WithDefault("2ms")
        Duration maxWait();

        /**
         * When a request waits for company: {@code under-load} (only while the last pass carried several requests;
         * a lone request at low load runs at once) or {@code always}.
         */
        @WithDefault("under-load")
        MicroBatcher.WaitPolicy waitPolicy();

        /** Most requests in one forward pass. */
        @WithDefault("64")
        int maxSize();

        /** Requests waiting beyond this are refused with 503 (back-pressure instead of unbounded queues). */
        @WithDefault("4096")
        int queueCapacity();

        /** Threads running forward passes (each takes whole batches). */
        @WithDefault("1")
        int workers();
    }

    interface Limits {
        /**
         * Largest request body in bytes; larger is 413 with a JSON error (a declared Content-Length is refused before
         * the body is read). The HTTP layer's own limit, quarkus.http.limits.max-body-size, stays above it.
         */
        @WithDefault("1048576")
        int maxBodyBytes();

        /** Longest accepted history; longer is 413. */
        @WithDefault("1000")
        int maxHistory();

        /** Longest accepted exclude list; longer is 413. */
        @WithDefault("10000")
        int maxExclude();

        /** Largest slate; larger is 413. */
        @WithDefault("100")
        int maxSlateSize();
    }

    interface Load {
        /** Attempts to load the model before giving up. */
        @WithDefault("3")
        int attempts();

        /** Pause between attempts. */
        @WithDefault("2s")
        Duration backoff();

        /** Exit the process (code 3) when every attempt failed, so that the pod restarts and reports it. */
        @WithDefault("true")
        boolean exitOnFailure();

        /** Batches run after load and before readiness, so the first real request is not the slow one. */
        @WithDefault("3")
        int warmupBatches();
    }
}
