package io.hsrl.serving.config;

import io.hsrl.serving.batch.MicroBatcher;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/**
 * Everything the policy server reads, with its defaults in one place. The model URI comes from
 * {@code HSRL_MODEL_URI}; the object store from {@code HSRL_S3_*} (read by {@code ObjectStores.fromEnvironment()}).
 */
@ConfigMapping(prefix = "hsrl.serving")
public interface ServingConfig {

    /** A checkpoint manifest, a {@code latest.json} pointer, or a folder holding one of them. */
    Optional<String> modelUri();

    /** Prefixes kept per level by the beam search (hsrl mode); raised to the slate size when smaller. */
    @WithDefault("16")
    int beamWidth();

    /** Slate size when a request does not give one. */
    @WithDefault("10")
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
