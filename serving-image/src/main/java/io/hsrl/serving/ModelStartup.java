package io.hsrl.serving;

import io.hsrl.contracts.ServingEnvironment;
import io.hsrl.serving.batch.MicroBatcher;
import io.hsrl.serving.config.ServingConfig;
import io.hsrl.serving.model.LoadedPolicy;
import io.hsrl.serving.model.ModelArtifacts;
import io.hsrl.serving.model.ModelLoader;
import io.hsrl.serving.model.PolicyFactory;
import io.hsrl.serving.model.PolicyOptions;
import io.hsrl.serving.model.Slate;
import io.hsrl.serving.model.SlateRequest;
import io.hsrl.store.ObjectStores;
import io.hsrl.store.S3Settings;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;

/**
 * Loads the model in the background at start (so liveness answers meanwhile): read and verify the checkpoint,
 * build the policy, warm it up, start the batcher, and only then become ready. A load that fails every attempt
 * leaves the server not ready, logs why, and exits with {@value #EXIT_LOAD_FAILED} (unless configured not to). A model
 * whose manifest digest differs from the one given ({@code HSRL_MODEL_SHA256}) is refused the same way, at once.
 */
@ApplicationScoped
class ModelStartup {
    static final int EXIT_LOAD_FAILED = 3;
    private static final Logger LOG = Logger.getLogger(ModelStartup.class);

    private final ServingConfig config;
    private final ServedModel model;
    private final ServingMetrics metrics;

    ModelStartup(ServingConfig config, ServedModel model, ServingMetrics metrics) {
        this.config = config;
        this.model = model;
        this.metrics = metrics;
    }

    void onStart(@Observes StartupEvent event) {
        Thread loader = new Thread(this::loadWithRetry, "hsrl-model-loader");
        loader.setDaemon(true);
        loader.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        model.close();
    }

    private void loadWithRetry() {
        String uri = config.modelUri().map(String::trim).filter(s -> !s.isEmpty()).orElse(null);
        if (uri == null) {
            giveUp("no model configured: set HSRL_MODEL_URI (hsrl.serving.model-uri) to a checkpoint manifest or "
                    + "latest.json URI");
            return;
        }
        configureEngine();
        int attempts = Math.max(1, config.load().attempts());
        String last = "";
        for (int attempt = 1; attempt <= attempts; attempt++) {
            model.loading("loading " + uri + " (attempt " + attempt + "/" + attempts + ")");
            long start = System.nanoTime();
            try {
                ServedModel.Active active = load(uri);
                model.ready(active);
                var d = active.policy().describe();
                Object beam = d.details() == null ? null : d.details().get("beamWidth");
                LOG.infof("model ready: uri=%s sha256=%s algorithm=%s mode=%s items=%d sidLength=%d "
                                + "beamWidth=%s defaultSlateSize=%d loadMs=%d",
                        d.uri(), d.sha256(), d.algorithm(), d.mode(), d.items(), d.sidLength(),
                        beam == null ? "n/a (" + (d.mode() == null ? d.algorithm() : d.mode() + " mode")
                                + " decodes without a beam)" : beam,
                        config.defaultSlateSize(), (System.nanoTime() - start) / 1_000_000);
                return;
            } catch (DigestMismatch e) {
                // another model than the one the operator resolved: retrying reads the same bytes
                giveUp(e.getMessage());
                return;
            } catch (Exception | LinkageError e) {
                last = e.getMessage() == null ? e.toString() : e.getMessage();
                LOG.warnf("model load attempt %d/%d failed: %s", attempt, attempts, last);
                LOG.debug("model load failure", e);
            }
            if (attempt < attempts) {
                try {
                    Thread.sleep(config.load().backoff().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        giveUp("model " + uri + " could not be loaded after " + attempts + " attempt(s): " + last);
    }

    private void giveUp(String why) {
        model.failed(why);
        if (config.load().exitOnFailure()) {
            LOG.errorf("%s; not ready, exiting with code %d", why, EXIT_LOAD_FAILED);
            Quarkus.asyncExit(EXIT_LOAD_FAILED);
        } else {
            LOG.errorf("%s; staying not ready", why);
        }
    }

    private ServedModel.Active load(String uri) throws Exception {
        LoadedPolicy policy;
        try (ObjectStores store = ObjectStores.from(storeSettings())) {
            ModelArtifacts artifacts = new ModelLoader(store).load(uri);
            checkDigest(artifacts);
            policy = PolicyFactory.create(artifacts, store, new PolicyOptions(config.beamWidth(), config.device()));
        }
        try {
            warmUp(policy);
            var b = config.batching();
            MicroBatcher<SlateRequest, Slate> batcher = new MicroBatcher<>("hsrl-batch", batch -> {
                List<Slate> slates = policy.recommend(batch);
                for (Slate s : slates) {
                    metrics.slate(s.decodeDepth(), s.unknownHistoryItems());
                }
                return slates;
            }, b.maxSize(), b.maxWait(), b.waitPolicy(), b.queueCapacity(), b.workers(), metrics::batch);
            return new ServedModel.Active(policy, batcher);
        } catch (Exception | Error e) {
            policy.close();
            throw e;
        }
    }

    /** The model is not the one named by its digest (HSRL_MODEL_SHA256): it is refused, not retried. */
    static final class DigestMismatch extends Exception {
        DigestMismatch(String message) {
            super(message);
        }
    }

    private void checkDigest(ModelArtifacts artifacts) throws DigestMismatch {
        String expected = config.modelSha256().map(String::trim).filter(s -> !s.isEmpty()).orElse(null);
        if (expected != null && !expected.equalsIgnoreCase(artifacts.manifestSha256())) {
            throw new DigestMismatch("model digest mismatch: manifest " + artifacts.manifestUri() + " has SHA-256 "
                    + artifacts.manifestSha256() + ", expected " + expected + " (" + ServingEnvironment.Variable
                    .MODEL_SHA256.env() + "); refusing to serve it");
        }
    }

    /** The store's settings as the variables {@link ObjectStores} reads (s3:// URIs need them; local paths do not). */
    private Map<String, String> storeSettings() {
        var s = config.store();
        Map<String, String> env = new HashMap<>();
        s.endpoint().ifPresent(v -> env.put(S3Settings.ENDPOINT, v));
        s.accessKey().ifPresent(v -> env.put(S3Settings.ACCESS_KEY, v));
        s.secretKey().ifPresent(v -> env.put(S3Settings.SECRET_KEY, v));
        s.region().ifPresent(v -> env.put(S3Settings.REGION, v));
        return env;
    }

    /** Runs full-size batches first so that the first user request does not pay for native warm-up. */
    private void warmUp(LoadedPolicy policy) {
        int k = Math.min(config.defaultSlateSize(), policy.items());
        List<SlateRequest> batch = new ArrayList<>();
        for (int i = 0; i < config.batching().maxSize(); i++) {
            batch.add(new SlateRequest("warm-up", new long[0], k, new long[0]));
        }
        for (int i = 0; i < config.load().warmupBatches(); i++) {
            if (policy.recommend(batch).size() != batch.size()) {
                throw new IllegalStateException("warm-up: the model returned a wrong number of slates");
            }
            policy.recommend(batch.subList(0, 1));
        }
    }

    /** DJL reads these at engine start: few threads for small models, and never a download (libtorch is in the jar). */
    private void configureEngine() {
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(config.threads()));
        if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        if (System.getProperty("ai.djl.offline") == null && System.getenv("DJL_OFFLINE") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
    }
}
