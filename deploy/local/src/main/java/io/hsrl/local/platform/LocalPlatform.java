package io.hsrl.local.platform;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.hsrl.local.api.LocalApiServer;
import io.hsrl.local.process.SupervisedProcess;
import io.hsrl.local.runner.ImageMap;
import io.hsrl.local.runner.WorkloadRunner;
import io.hsrl.local.s3.LocalS3;
import io.hsrl.local.s3.ObjectStoreSecret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The whole local platform as one process tree: the API (embedded, or a real one through a kubeconfig), the CRDs,
 * S3 and its Secret, the workload runner, and, when their jars are built, the operator and the ab-controller as
 * supervised child processes configured only through their environment. Closing stops everything in reverse order.
 */
public final class LocalPlatform implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalPlatform.class);
    /** Namespaces that get the object-store Secret: the samples' and the operator's. */
    public static final List<String> NAMESPACES = List.of("default", "hsrl-system");
    /** The images the operator is told to use; the runner maps them (and the operator's defaults) to local jars. */
    public static final String TRAINER_IMAGE = "hsrl/trainer:local";
    public static final String SERVING_IMAGE = "hsrl/serving:local";
    /**
     * Restarts of the operator or the ab-controller before the supervisor gives up. A kubelet restarts forever; on a
     * busy 2-core machine a controller's start-up can time out against the API (seen: 10 s connection timeouts at
     * load 25) several times before it succeeds, so this is generous (the back-off is capped at 30 s).
     */
    static final int COMPONENT_RESTARTS = 20;

    private final PlatformOptions options;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final Map<String, String> status = new LinkedHashMap<>();
    private final Map<String, SupervisedProcess> components = new LinkedHashMap<>();
    private KubernetesClient client;
    private LocalS3 s3;
    private WorkloadRunner runner;

    private LocalPlatform(PlatformOptions options) {
        this.options = options;
    }

    public static LocalPlatform start(PlatformOptions options) throws IOException {
        LocalPlatform p = new LocalPlatform(options);
        try {
            p.startAll();
        } catch (IOException | RuntimeException e) {
            p.close();
            throw e;
        }
        return p;
    }

    private void startAll() throws IOException {
        Path data = options.dataDir();
        Files.createDirectories(options.logsDir());
        Path kubeconfig;
        if (options.kubeconfig().isPresent()) {
            kubeconfig = options.kubeconfig().get().toAbsolutePath();
            if (!Files.isRegularFile(kubeconfig)) {
                throw new IOException("--kubeconfig " + kubeconfig + ": no such file");
            }
            client = new KubernetesClientBuilder().withConfig(patient(Config.fromKubeconfig(Files.readString(kubeconfig))))
                    .build();
            status.put("api", client.getConfiguration().getMasterUrl());
            status.put("api.kind", "external");
        } else {
            // Objects persist in data/api/objects.mv (down/up keeps them; down --clean wipes the data directory).
            LocalApiServer api = LocalApiServer.start(options.host(), options.apiPort(),
                    java.util.Optional.of(data.resolve("api").resolve("objects.mv")));
            resources.add(api);
            kubeconfig = Kubeconfig.write(data.resolve("kubeconfig"), api.url(), "default");
            client = new KubernetesClientBuilder().withConfig(patient(new ConfigBuilder(Config.empty())
                    .withMasterUrl(api.url()).withNamespace("default").build())).build();
            status.put("api", api.url());
            status.put("api.kind", "embedded (objects in " + data.resolve("api").resolve("objects.mv") + ")");
            status.put("api.store", data.resolve("api").resolve("objects.mv").toString());
        }
        resources.add(client);
        status.put("kubeconfig", kubeconfig.toString());
        LOG.info("API server {}", status.get("api"));

        List<String> crds = Crds.apply(client, options.repoRoot().resolve("crds"));
        status.put("crds", String.join(",", crds));
        for (String ns : NAMESPACES) {
            if (client.namespaces().withName(ns).get() == null) {
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata()
                        .build()).create();
            }
        }

        s3 = LocalS3.start(s3proxyJar(), data, options.host(), options.s3Port() == 0 ? freePort() : options.s3Port());
        resources.add(s3);
        for (String ns : NAMESPACES) {
            ObjectStoreSecret.put(client, ns, s3.settings());
        }
        status.put("s3", s3.settings().endpoint());
        status.put("s3.data", data.resolve("s3").toString());
        status.put("s3.pid", Long.toString(s3.pid()));
        LOG.info("S3 {} (bucket {}, data {})", s3.settings().endpoint(), LocalS3.BUCKET, data.resolve("s3"));

        ImageMap images = defaultImages(options.repoRoot());
        if (options.imagesFile().isPresent()) {
            images = ImageMap.load(options.imagesFile().get(), images);
        }
        // libtorch is extracted once per cache (≈ 430 MB): a DJL_CACHE_DIR of the caller's (CI, tests) is shared.
        String callerCache = System.getenv("DJL_CACHE_DIR");
        Path djlCache = callerCache == null || callerCache.isBlank() ? data.resolve("djl-cache") : Path.of(callerCache);
        Files.createDirectories(djlCache);
        runner = new WorkloadRunner(client, images, data, Map.of("DJL_CACHE_DIR", djlCache.toString(),
                "DJL_OFFLINE", "true")).start();
        resources.add(runner);
        status.put("endpoints", data.resolve("endpoints.properties").toString());

        if (options.startComponents()) {
            startComponent("operator", options.repoRoot().resolve("operator/target/quarkus-app/quarkus-run.jar"),
                    operatorEnvironment(kubeconfig), options.operatorPort());
            startComponent("ab-controller",
                    options.repoRoot().resolve("ab-controller/target/quarkus-app/quarkus-run.jar"),
                    abControllerEnvironment(kubeconfig), options.abControllerPort());
        }
        writeStatus();
    }

    /**
     * The platform's own client (runner, demo, tests) waits longer than Fabric8's 10 s: on a shared 2-core machine
     * under heavy load a request to the in-process API can take that long, and a retried create then fails with 409.
     */
    public static Config patient(Config config) {
        config.setRequestTimeout(60_000);
        config.setConnectionTimeout(30_000);
        return config;
    }

    /** The runner's images: the names the operator is given locally and the operator's published defaults. */
    static ImageMap defaultImages(Path repo) {
        List<String> jvm = List.of("-XX:+UseSerialGC", "-Dai.djl.offline=true");
        Path trainer = repo.resolve("trainer-image/target/quarkus-app/quarkus-run.jar");
        Path serving = repo.resolve("serving-image/target/quarkus-app/quarkus-run.jar");
        return new ImageMap(List.of(
                ImageMap.jar("hsrl/trainer", trainer, jvm),
                ImageMap.jar("hsrl/serving", serving, jvm),
                ImageMap.jar("ghcr.io/hsrl/hsrl-trainer", trainer, jvm),
                ImageMap.jar("ghcr.io/hsrl/hsrl-serving", serving, jvm)));
    }

    private Map<String, String> operatorEnvironment(Path kubeconfig) {
        Map<String, String> env = new LinkedHashMap<>(s3.environment());
        env.put("KUBECONFIG", kubeconfig.toString());
        env.put("HSRL_OPERATOR_TRAINER_IMAGE", TRAINER_IMAGE);
        env.put("HSRL_OPERATOR_SERVING_IMAGE", SERVING_IMAGE);
        env.put("HSRL_OPERATOR_OBJECT_STORE_ENDPOINT", s3.settings().endpoint());
        env.put("HSRL_OPERATOR_OBJECT_STORE_ACCESS_KEY", s3.settings().accessKey());
        env.put("HSRL_OPERATOR_OBJECT_STORE_SECRET_KEY", s3.settings().secretKey());
        env.put("HSRL_OPERATOR_PROGRESS_INTERVAL", "2s");
        // The embedded API has no server-side apply, and QOSDK fixes quarkus.operator-sdk.enable-ssa at build time:
        // the operator jar must be built with -Dquarkus.operator-sdk.enable-ssa=false for the embedded API (the
        // launcher does so); against a real API server (--kubeconfig) a normal build works.
        env.put("QUARKUS_OPERATOR_SDK_CRD_APPLY", "false");
        return env;
    }

    private Map<String, String> abControllerEnvironment(Path kubeconfig) throws IOException {
        Map<String, String> env = new LinkedHashMap<>(s3.environment());
        env.put("KUBECONFIG", kubeconfig.toString());
        env.put("HSRL_AB_DATA_DIR", options.dataDir().resolve("ab").toString());
        env.put("HSRL_AB_EVENTS_TOKEN", eventsToken());
        // Service URLs map to local ports: the runner writes <data>/endpoints.properties
        // (http://<svc>.<ns>.svc:8080=http://127.0.0.1:<port>); the ab-controller reads it through its configuration
        // (hsrl.ab.routing.endpoints-file), knowing nothing else of the local platform.
        env.put("HSRL_AB_ROUTING_ENDPOINTS_FILE", options.dataDir().resolve("endpoints.properties").toString());
        // Servings on a busy 2-core machine can take seconds per slate; the default routing timeout would turn
        // that into 502s and fallbacks.
        env.put("HSRL_AB_ROUTING_TIMEOUT", "30s");
        return env;
    }

    /** The bearer token of the ab-controller's event endpoint, generated once (mode 600). */
    public String eventsToken() throws IOException {
        Path file = options.dataDir().resolve("ab-events.token");
        if (Files.isRegularFile(file)) {
            return Files.readString(file).trim();
        }
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        String token = HexFormat.of().formatHex(b);
        Files.writeString(file, token + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return token;
    }

    private void startComponent(String name, Path jar, Map<String, String> env, int port) throws IOException {
        if (!Files.isRegularFile(jar)) {
            status.put(name, "not built (" + jar + ")");
            LOG.warn("{}: not started, {} is not built", name, jar);
            return;
        }
        int p = port == 0 ? freePort() : port;
        Map<String, String> all = new LinkedHashMap<>(env);
        all.put("QUARKUS_HTTP_PORT", Integer.toString(p));
        all.put("QUARKUS_HTTP_HOST", options.host());
        Path log = options.logsDir().resolve(name + ".log");
        SupervisedProcess proc = SupervisedProcess.start(name, List.of(SupervisedProcess.java(), "-XX:+UseSerialGC",
                "-jar", jar.toString()), all, options.dataDir(), log, COMPONENT_RESTARTS);
        resources.add(proc);
        components.put(name, proc);
        status.put(name, "http://" + options.host() + ":" + p);
        status.put(name + ".pid", Long.toString(proc.pid()));
        status.put(name + ".log", log.toString());
        LOG.info("{}: started (pid {}, http://{}:{}, log {})", name, proc.pid(), options.host(), p, log);
    }

    private void writeStatus() throws IOException {
        status.put("pid", Long.toString(ProcessHandle.current().pid()));
        status.put("logs", options.logsDir().toString());
        Properties p = new Properties();
        p.putAll(status);
        Path tmp = options.statusFile().resolveSibling("status.properties.tmp");
        try (Writer w = Files.newBufferedWriter(tmp)) {
            p.store(w, "hsrl-local up");
        }
        Files.move(tmp, options.statusFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private Path s3proxyJar() {
        String prop = System.getProperty("hsrl.s3proxy.jar");
        if (prop != null) {
            return Path.of(prop);
        }
        return options.repoRoot().resolve("deploy/local/target/s3proxy/s3proxy.jar");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public Map<String, String> status() {
        return Map.copyOf(status);
    }

    public KubernetesClient client() {
        return client;
    }

    public WorkloadRunner runner() {
        return runner;
    }

    /** A started component ("operator", "ab-controller"), if its jar was built. */
    public java.util.Optional<SupervisedProcess> component(String name) {
        return java.util.Optional.ofNullable(components.get(name));
    }

    /** The environment (HSRL_S3_*) through which programs reach this platform's S3. */
    public Map<String, String> s3Environment() {
        return s3.environment();
    }

    /** Puts the object-store Secret into another namespace (creating it), as every workload namespace needs. */
    public void prepareNamespace(String namespace) {
        ObjectStoreSecret.put(client, namespace, s3.settings());
    }

    @Override
    public void close() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                LOG.warn("stopping {}: {}", resources.get(i).getClass().getSimpleName(), e.toString());
            }
        }
        resources.clear();
        try {
            Files.deleteIfExists(options.statusFile());
        } catch (IOException ignored) {
            // best effort
        }
    }
}
