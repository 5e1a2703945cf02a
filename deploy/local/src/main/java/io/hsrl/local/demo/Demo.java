package io.hsrl.local.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.hsrl.local.platform.LocalPlatform;
import io.hsrl.local.platform.PlatformOptions;
import io.hsrl.local.s3.ObjectStoreSecret;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Random;
import java.util.stream.Stream;

/**
 * {@code hsrl-local demo}: the quickstart end to end on the running platform. A Job runs {@code trainer generate}
 * into {@code s3://hsrl/datasets/quickstart}; the samples of {@code deploy/samples/quickstart} are applied; progress is
 * shown from the resources' statuses; once both servings are Ready, simulated users call the ab-controller's
 * {@code POST /v1/recommend} and report clicks, conversions and costs to {@code POST /v1/events}; the experiment's
 * result table is printed from the AbExperiment status. Everything goes through the same APIs a user would use.
 */
public final class Demo {
    static final String NAMESPACE = "default";
    static final String DATASET = "s3://hsrl/datasets/quickstart";
    static final ResourceDefinitionContext INDEXES = ctx("semanticindexes", "SemanticIndex");
    static final ResourceDefinitionContext TRAININGS = ctx("hsrltrainings", "HsrlTraining");
    static final ResourceDefinitionContext SERVINGS = ctx("hsrlservings", "HsrlServing");
    static final ResourceDefinitionContext EXPERIMENTS = ctx("abexperiments", "AbExperiment");

    private final KubernetesClient client;
    private final Properties status;
    private final PlatformOptions options;
    private final ObjectMapper mapper = new ObjectMapper();

    private Demo(KubernetesClient client, Properties status, PlatformOptions options) {
        this.client = client;
        this.status = status;
        this.options = options;
    }

    private static ResourceDefinitionContext ctx(String plural, String kind) {
        return new ResourceDefinitionContext.Builder().withGroup("hsrl.io").withVersion("v1alpha1")
                .withPlural(plural).withKind(kind).withNamespaced(true).build();
    }

    public static int run(PlatformOptions options) throws Exception {
        if (!Files.isRegularFile(options.statusFile())) {
            System.err.println("error: hsrl-local is not running; start it with: ./deploy/local/hsrl-local up");
            return 1;
        }
        Properties status = new Properties();
        try (Reader r = Files.newBufferedReader(options.statusFile())) {
            status.load(r);
        }
        Config config = Config.fromKubeconfig(Files.readString(Path.of(status.getProperty("kubeconfig"))));
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            return new Demo(client, status, options).run();
        }
    }

    private int run() throws Exception {
        step("1/5 generate a synthetic catalogue and logs into " + DATASET);
        generateDataset();
        String operator = status.getProperty("operator", "");
        String ab = status.getProperty("ab-controller", "");
        if (!operator.startsWith("http") || !ab.startsWith("http")) {
            System.err.println("""
                    The rest of the demo needs the operator and the ab-controller, which are not built here:
                      operator:      %s
                      ab-controller: %s
                    Build them (the launcher does when their modules exist), then: hsrl-local down && hsrl-local up
                    """.formatted(operator, ab));
            return 1;
        }
        step("2/5 apply deploy/samples/quickstart");
        applySamples(options.repoRoot().resolve("deploy/samples/quickstart"));
        step("3/5 index, training and servings (live from the resources' statuses)");
        Instant deadline = Instant.now().plus(Duration.ofMinutes(90));
        while (!(ready(SERVINGS, "quickstart-hsrl") && ready(SERVINGS, "quickstart-baseline"))) {
            if (Instant.now().isAfter(deadline) || failed()) {
                printProgress();
                System.err.println("error: the pipeline did not become ready; see kubectl describe and "
                        + options.logsDir());
                return 1;
            }
            printProgress();
            Thread.sleep(3000);
        }
        printProgress();
        step("4/5 simulated users against the ab-controller (" + ab + ")");
        simulateUsers(URI.create(ab), 600, 11);
        step("5/5 waiting for the experiment's decision");
        while (Instant.now().isBefore(deadline)) {
            JsonNode exp = json(EXPERIMENTS, "quickstart");
            if (exp != null && exp.at("/status/decision").isTextual()
                    && !"Continue".equalsIgnoreCase(exp.at("/status/decision").asText())) {
                break;
            }
            printExperiment(exp);
            Thread.sleep(3000);
        }
        printResultTable(json(EXPERIMENTS, "quickstart"));
        return 0;
    }

    private static void step(String s) {
        System.out.println();
        System.out.println("== " + s);
    }

    /** Runs {@code trainer generate} as a Job (the platform runs it as a local process); skipped when done before. */
    private void generateDataset() throws InterruptedException, IOException {
        String name = "quickstart-generate";
        // The S3 data survives restarts while the embedded API's objects do not: skip what is already there.
        try (io.hsrl.store.ObjectStores store = io.hsrl.store.ObjectStores.from(java.util.Map.of(
                "HSRL_S3_ENDPOINT", status.getProperty("s3"), "HSRL_S3_ACCESS_KEY", io.hsrl.local.s3.LocalS3.ACCESS_KEY,
                "HSRL_S3_SECRET_KEY", Files.readString(options.dataDir().resolve("s3.credentials")).trim()))) {
            if (store.exists(DATASET + "/item_info.csv")) {
                System.out.println("  dataset already in place: " + DATASET);
                return;
            }
        }
        Job existing = client.batch().v1().jobs().inNamespace(NAMESPACE).withName(name).get();
        if (existing == null) {
            Job job = new JobBuilder().withNewMetadata().withName(name).withNamespace(NAMESPACE).endMetadata()
                    .withNewSpec().withBackoffLimit(1).withNewTemplate().withNewSpec().withRestartPolicy("Never")
                    .addNewContainer().withName("trainer").withImage(LocalPlatform.TRAINER_IMAGE)
                    .withArgs("generate", "--format", "rl4rs", "--items", "2000", "--users", "1500",
                            "--rows-per-user", "8", "--seed", "7", "--out", DATASET)
                    .addNewEnv().withName("HSRL_S3_ENDPOINT").withNewValueFrom()
                    .withNewSecretKeyRef("endpoint", ObjectStoreSecret.NAME, false).endValueFrom().endEnv()
                    .addNewEnv().withName("HSRL_S3_ACCESS_KEY").withNewValueFrom()
                    .withNewSecretKeyRef("accessKey", ObjectStoreSecret.NAME, false).endValueFrom().endEnv()
                    .addNewEnv().withName("HSRL_S3_SECRET_KEY").withNewValueFrom()
                    .withNewSecretKeyRef("secretKey", ObjectStoreSecret.NAME, false).endValueFrom().endEnv()
                    .endContainer().endSpec().endTemplate().endSpec().build();
            client.batch().v1().jobs().resource(job).create();
        }
        while (true) {
            Job j = client.batch().v1().jobs().inNamespace(NAMESPACE).withName(name).get();
            var conds = j.getStatus() == null || j.getStatus().getConditions() == null ? List.<io.fabric8.kubernetes
                    .api.model.batch.v1.JobCondition>of() : j.getStatus().getConditions();
            for (var c : conds) {
                if ("Complete".equals(c.getType()) && "True".equals(c.getStatus())) {
                    System.out.println("  dataset ready: " + DATASET);
                    return;
                }
                if ("Failed".equals(c.getType()) && "True".equals(c.getStatus())) {
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\(log: ([^)]+)\\)")
                            .matcher(String.valueOf(c.getMessage()));
                    if (m.find() && Files.isRegularFile(Path.of(m.group(1)))) {
                        List<String> log = Files.readAllLines(Path.of(m.group(1)));
                        System.err.println("  last lines of " + m.group(1) + ":");
                        log.subList(Math.max(0, log.size() - 5), log.size()).forEach(l -> System.err.println("    " + l));
                    }
                    throw new IllegalStateException("job " + name + " failed: " + c.getMessage()
                            + " (the trainer's generate command is needed: build trainer-image from a main that has it)");
                }
            }
            System.out.println("  job " + name + ": running");
            Thread.sleep(2000);
        }
    }

    private void applySamples(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        for (Path f : files) {
            try (InputStream in = Files.newInputStream(f)) {
                for (HasMetadata item : client.load(in).items()) {
                    item.getMetadata().setNamespace(NAMESPACE);
                    HasMetadata current = client.resource(item).get();
                    if (current == null) {
                        client.resource(item).create();
                        System.out.println("  created " + item.getKind() + "/" + item.getMetadata().getName());
                    } else {
                        item.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
                        client.resource(item).update();
                        System.out.println("  updated " + item.getKind() + "/" + item.getMetadata().getName());
                    }
                }
            }
        }
    }

    private JsonNode json(ResourceDefinitionContext ctx, String name) {
        GenericKubernetesResource r = client.genericKubernetesResources(ctx).inNamespace(NAMESPACE).withName(name).get();
        return r == null ? null : mapper.valueToTree(r);
    }

    private static String condition(JsonNode o, String type) {
        if (o == null) {
            return "-";
        }
        for (JsonNode c : o.at("/status/conditions")) {
            if (type.equals(c.path("type").asText())) {
                return c.path("status").asText() + (c.hasNonNull("reason") ? " (" + c.path("reason").asText() + ")" : "");
            }
        }
        return "-";
    }

    private boolean ready(ResourceDefinitionContext ctx, String name) {
        return condition(json(ctx, name), "Ready").startsWith("True");
    }

    private boolean failed() {
        for (var pair : List.of(List.of(INDEXES, "quickstart"), List.of(TRAININGS, "quickstart-hsrl"),
                List.of(TRAININGS, "quickstart-baseline"))) {
            JsonNode o = json((ResourceDefinitionContext) pair.get(0), (String) pair.get(1));
            if (o != null && "Failed".equalsIgnoreCase(o.at("/status/state").asText())) {
                return true;
            }
        }
        return false;
    }

    private void printProgress() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("  %-34s %s%n", "SemanticIndex/quickstart", condition(json(INDEXES, "quickstart"), "Ready")));
        for (String t : List.of("quickstart-hsrl", "quickstart-baseline")) {
            JsonNode o = json(TRAININGS, t);
            double pct = o == null ? 0 : o.at("/status/progress/percent").asDouble(0);
            sb.append(String.format("  %-34s %-12s %s %5.1f%%%n", "HsrlTraining/" + t,
                    o == null ? "-" : o.at("/status/state").asText("Pending"), bar(pct), pct));
        }
        for (String s : List.of("quickstart-hsrl", "quickstart-baseline")) {
            sb.append(String.format("  %-34s %s%n", "HsrlServing/" + s, condition(json(SERVINGS, s), "Ready")));
        }
        System.out.print(sb);
        System.out.println("  --");
    }

    static String bar(double percent) {
        int filled = (int) Math.round(Math.max(0, Math.min(100, percent)) / 5);
        return "[" + "#".repeat(filled) + ".".repeat(20 - filled) + "]";
    }

    /**
     * Users 0..n-1 each ask for one slate and act on it. The response model is a stand-in, seeded: each shown item is
     * clicked with probability 0.15 and a click converts with probability 0.25; each slate costs 1 unit per item.
     * TODO(issue 9, simulator): answer with the trainer's fitted user simulator (s3://hsrl/datasets/quickstart) so
     * that the two arms differ by what they recommend, once it is exposed as a command or library.
     */
    private void simulateUsers(URI ab, int users, long seed) throws Exception {
        String token = Files.readString(options.dataDir().resolve("ab-events.token")).trim();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Random rnd = new Random(seed);
        int ok = 0;
        int errors = 0;
        ArrayNode batch = mapper.createArrayNode();
        for (int u = 0; u < users; u++) {
            String user = "user-" + u;
            ObjectNode req = mapper.createObjectNode();
            req.put("experiment", NAMESPACE + "/quickstart");
            req.put("userId", user);
            HttpResponse<String> resp = http.send(HttpRequest.newBuilder(ab.resolve("/v1/recommend"))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString(req.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (resp.statusCode() != 200) {
                errors++;
                continue;
            }
            ok++;
            JsonNode body = mapper.readTree(resp.body());
            String exposure = body.path("exposureId").asText();
            int slate = Math.max(1, body.path("items").size());
            event(batch, user + "-cost", exposure, "cost", slate);
            for (int i = 0; i < slate; i++) {
                if (rnd.nextDouble() < 0.15) {
                    event(batch, user + "-click-" + i, exposure, "click", 1);
                    if (rnd.nextDouble() < 0.25) {
                        event(batch, user + "-conv-" + i, exposure, "conversion", 1);
                    }
                }
            }
            if (batch.size() >= 200 || u == users - 1) {
                postEvents(http, ab, token, batch);
                batch = mapper.createArrayNode();
            }
            if ((u + 1) % 100 == 0) {
                System.out.printf("  %d users: %d recommend calls answered, %d failed%n", u + 1, ok, errors);
            }
        }
        if (!batch.isEmpty()) {
            postEvents(http, ab, token, batch);
        }
    }

    private void event(ArrayNode batch, String id, String exposure, String type, double value) {
        ObjectNode e = batch.addObject();
        e.put("eventId", id);
        e.put("exposureId", exposure);
        e.put("type", type);
        e.put("value", value);
    }

    private void postEvents(HttpClient http, URI ab, String token, ArrayNode batch) throws Exception {
        if (batch.isEmpty()) {
            return;
        }
        ObjectNode body = mapper.createObjectNode();
        body.set("events", batch);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(ab.resolve("/v1/events"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            System.err.println("  events rejected (" + r.statusCode() + "): " + r.body());
        }
    }

    private void printExperiment(JsonNode exp) {
        if (exp == null) {
            return;
        }
        System.out.printf("  AbExperiment/quickstart  users %s (control %s, treatment %s)  decision %s%n",
                exp.at("/status/totalUsers").asText("0"), exp.at("/status/control/users").asText("0"),
                exp.at("/status/treatment/users").asText("0"), exp.at("/status/decision").asText("-"));
    }

    static void printResultTable(JsonNode exp) {
        if (exp == null) {
            System.err.println("error: AbExperiment quickstart not found");
            return;
        }
        JsonNode s = exp.path("status");
        System.out.println();
        System.out.printf("%-10s %8s %10s %8s %12s %10s %14s%n", "ARM", "USERS", "EXPOSURES", "CONV", "CVR",
                "COST", "COST/USER");
        for (String arm : List.of("control", "treatment")) {
            JsonNode a = s.path(arm);
            System.out.printf(Locale.ROOT, "%-10s %8d %10d %8d %11.3f%% %10.1f %14.3f%n", arm,
                    a.path("users").asLong(), a.path("exposures").asLong(), a.path("conversions").asLong(),
                    100 * a.path("cvr").asDouble(), a.path("cost").asDouble(), a.path("costPerUser").asDouble());
        }
        JsonNode r = s.path("results");
        System.out.println();
        System.out.printf(Locale.ROOT, "CVR lift   %+.2f%%  [%+.2f%%, %+.2f%%]%n", r.path("cvrLiftPercent").asDouble(),
                r.path("cvrLiftLow").asDouble(), r.path("cvrLiftHigh").asDouble());
        System.out.printf(Locale.ROOT, "cost delta %+.2f%%  [%+.2f%%, %+.2f%%]%n", r.path("costDeltaPercent").asDouble(),
                r.path("costDeltaLow").asDouble(), r.path("costDeltaHigh").asDouble());
        System.out.printf(Locale.ROOT, "p-value %.4f  SRM p-value %.4f  method %s%n", r.path("pValue").asDouble(),
                r.path("srmPValue").asDouble(), r.path("method").asText("-"));
        System.out.println("decision: " + s.path("decision").asText("-") + "  " + s.path("summary").asText(""));
    }
}
