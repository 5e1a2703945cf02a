package io.hsrl.local.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.hsrl.core.data.SyntheticWorld;
import io.hsrl.core.data.SyntheticWriter;
import io.hsrl.local.platform.LocalPlatform;
import io.hsrl.local.s3.ObjectStoreSecret;
import io.hsrl.store.Json;
import io.hsrl.store.ObjectStores;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The quickstart pipeline driven through the platform's public interfaces only (the Kubernetes API, the S3 store,
 * the ab-controller's HTTP API), at a chosen {@link Size}: {@code hsrl-local demo} runs it at the samples' size, the
 * system test at a tiny one. A Job runs {@code trainer generate}; the samples of {@code deploy/samples/quickstart}
 * are applied (sizes overridden where the size says so); simulated users, the generated world's own users answering
 * with its ground truth ({@link GroundTruthUsers}), call {@code POST /v1/recommend} and report clicks, conversions
 * and costs to {@code POST /v1/events}; results are read from the AbExperiment status.
 */
public final class Quickstart {
    public static final String EXPERIMENT = "quickstart";
    public static final String INDEX = "quickstart";
    public static final List<String> TRAININGS_AND_SERVINGS = List.of("quickstart-hsrl", "quickstart-baseline");
    public static final String DATASET = "s3://hsrl/datasets/quickstart";
    /** The {@code trainer generate --seed} of the dataset, which the simulated users' world is rebuilt with. */
    public static final long DATASET_SEED = 7;
    /** Slates per simulated session at most; a session also ends at a slate the user clicks nothing in. */
    public static final int SESSION_SLATES = 5;
    public static final ResourceDefinitionContext INDEXES = ctx("semanticindexes", "SemanticIndex");
    public static final ResourceDefinitionContext TRAININGS = ctx("hsrltrainings", "HsrlTraining");
    public static final ResourceDefinitionContext SERVINGS = ctx("hsrlservings", "HsrlServing");
    public static final ResourceDefinitionContext EXPERIMENTS = ctx("abexperiments", "AbExperiment");
    /** The decisions that end an experiment (Continue does not). */
    public static final Set<String> CONCLUSIONS = Set.of("PromoteTreatment", "KeepControl", "Inconclusive");

    /**
     * How big the run is. {@code null} overrides keep the sample's value. The generated data: {@code items} items,
     * {@code users} users with {@code rowsPerUser} logged slates each; {@code simulatedUsers} users are sent through
     * the experiment.
     */
    public record Size(int items, int users, int rowsPerUser, Integer levels, Integer codebookSize, Integer iterations,
                       Integer checkpointEvery, Integer startTimestamp, Integer episodeBatchSize,
                       Integer simulatorEpochs, int simulatedUsers, Integer minUsersPerArm, String maxDuration) {
        /** The samples as they are (minutes of training on 2 cores). */
        public static Size samples() {
            return new Size(2000, 1500, 8, null, null, null, null, null, null, null, 600, null, null);
        }

        /** Minutes on a busy 2-core machine: a smaller catalogue, 20 iterations, an experiment of 3 minutes. */
        public static Size quick() {
            return new Size(500, 400, 8, null, null, 20, 10, 128, 16, 1, 600, 100, "3m");
        }

        /** Seconds of work per step, for the system test on 2 cores. */
        public static Size tiny() {
            return new Size(120, 120, 4, null, null, 6, 3, 64, 8, 1, 80, 20, "40s");
        }
    }

    /**
     * What the simulated users saw and did, per arm, as the router told them: {@code answered} users got at least one
     * slate, {@code failed} recommend calls were refused (a refused call ends its user's session); {@code exposures}
     * counts the slates served, {@code conversions} and {@code cost} what was reported for them.
     */
    public record Traffic(int answered, int failed, Map<String, Integer> users, Map<String, Integer> exposures,
                          Map<String, Integer> conversions, Map<String, Double> cost) {
    }

    private final KubernetesClient client;
    private final String namespace;
    private final Map<String, String> s3Environment;
    private final Size size;
    private final PrintStream out;
    private final ObjectMapper mapper = new ObjectMapper();

    public Quickstart(KubernetesClient client, String namespace, Map<String, String> s3Environment, Size size,
                      PrintStream out) {
        this.client = client;
        this.namespace = namespace;
        this.s3Environment = Map.copyOf(s3Environment);
        this.size = size;
        this.out = out;
    }

    private static ResourceDefinitionContext ctx(String plural, String kind) {
        return new ResourceDefinitionContext.Builder().withGroup("hsrl.io").withVersion("v1alpha1")
                .withPlural(plural).withKind(kind).withNamespaced(true).build();
    }

    public String namespace() {
        return namespace;
    }

    /** The world the dataset is generated from, and which the simulated users are rebuilt from. */
    public SyntheticWorld.Config worldConfig() {
        return SyntheticWorld.Config.generated(size.items(), size.users(), size.rowsPerUser(), DATASET_SEED);
    }

    /**
     * Runs {@code trainer generate} as a Job (the platform runs it); skipped when the dataset is already there and was
     * generated from this size's world (its {@code generator.json}); one of another size is an error, since the
     * simulated users would not answer with its ground truth.
     */
    public void generateDataset(Duration timeout) throws IOException, InterruptedException {
        String name = "quickstart-generate";
        // The S3 data survives restarts while the embedded API's objects do not: skip what is already there.
        try (ObjectStores store = ObjectStores.from(s3Environment)) {
            if (store.exists(DATASET + "/item_info.csv")) {
                String manifest = DATASET + "/" + SyntheticWriter.MANIFEST;
                JsonNode written = store.exists(manifest) ? mapper.readTree(store.read(manifest)).path("config") : null;
                JsonNode wanted = mapper.readTree(Json.write(worldConfig()));
                if (!wanted.equals(written)) {
                    throw new IllegalStateException("the dataset " + DATASET + " was generated for another size ("
                            + manifest + " config: " + written + "; this run needs " + wanted + "); delete "
                            + DATASET + "/ or start over with: hsrl-local down --clean && hsrl-local up");
                }
                out.println("  dataset already in place: " + DATASET);
                return;
            }
        }
        Job existing = client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
        if (existing == null) {
            SyntheticWorld.Config world = worldConfig();
            Job job = new JobBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                    .withNewSpec().withBackoffLimit(1).withNewTemplate().withNewSpec().withRestartPolicy("Never")
                    .addNewContainer().withName("trainer").withImage(LocalPlatform.TRAINER_IMAGE)
                    .withArgs("generate", "--format", "rl4rs", "--items", Integer.toString(world.items()),
                            "--users", Integer.toString(world.users()), "--rows-per-user",
                            Integer.toString(world.rowsPerUser()), "--seed", Long.toString(world.seed()), "--out",
                            DATASET)
                    .addNewEnv().withName("HSRL_S3_ENDPOINT").withNewValueFrom()
                    .withNewSecretKeyRef("endpoint", ObjectStoreSecret.NAME, false).endValueFrom().endEnv()
                    .addNewEnv().withName("HSRL_S3_ACCESS_KEY").withNewValueFrom()
                    .withNewSecretKeyRef("accessKey", ObjectStoreSecret.NAME, false).endValueFrom().endEnv()
                    .addNewEnv().withName("HSRL_S3_SECRET_KEY").withNewValueFrom()
                    .withNewSecretKeyRef("secretKey", ObjectStoreSecret.NAME, false).endValueFrom().endEnv()
                    .endContainer().endSpec().endTemplate().endSpec().build();
            try {
                client.batch().v1().jobs().resource(job).create();
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                // already there: a create retried after a timeout, or an earlier run
            }
        }
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            Job j = client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
            List<JobCondition> conditions = j == null || j.getStatus() == null || j.getStatus().getConditions() == null
                    ? List.of() : j.getStatus().getConditions();
            for (JobCondition c : conditions) {
                if ("Complete".equals(c.getType()) && "True".equals(c.getStatus())) {
                    out.println("  dataset ready: " + DATASET);
                    return;
                }
                if ("Failed".equals(c.getType()) && "True".equals(c.getStatus())) {
                    throw new IllegalStateException("job " + name + " failed: " + c.getMessage() + lastLines(c.getMessage()));
                }
            }
            out.println("  job " + name + ": running");
            Thread.sleep(2000);
        }
        throw new IllegalStateException("job " + name + " did not complete within " + timeout);
    }

    /** The last lines of the pod log a Job condition message names ("(log: PATH)"), for error messages. */
    static String lastLines(String message) throws IOException {
        Matcher m = Pattern.compile("\\(log: ([^)]+)\\)").matcher(String.valueOf(message));
        if (!m.find() || !Files.isRegularFile(Path.of(m.group(1)))) {
            return "";
        }
        List<String> log = Files.readAllLines(Path.of(m.group(1)));
        return "\n  last lines of " + m.group(1) + ":\n    "
                + String.join("\n    ", log.subList(Math.max(0, log.size() - 8), log.size()));
    }

    /** Applies the sample files accepted by {@code which} (file names), with this run's size (create or update). */
    public void applySamples(Path dir, Predicate<String> which) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".yaml") && which.test(p.getFileName().toString()))
                    .sorted().toList();
        }
        for (Path f : files) {
            try (InputStream in = Files.newInputStream(f)) {
                for (HasMetadata item : client.load(in).items()) {
                    item.getMetadata().setNamespace(namespace);
                    HasMetadata sized = resize(item);
                    HasMetadata current = client.resource(sized).get();
                    if (current == null) {
                        try {
                            client.resource(sized).create();
                        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                            if (e.getCode() != 409) {
                                throw e;
                            }
                            current = client.resource(sized).get();
                        }
                    }
                    if (current == null) {
                        out.println("  created " + sized.getKind() + "/" + sized.getMetadata().getName());
                    } else {
                        update(sized, current);
                        out.println("  updated " + sized.getKind() + "/" + sized.getMetadata().getName());
                    }
                }
            }
        }
    }

    /** Replaces the object's spec, keeping the finalizers controllers put on it (as kubectl apply does). */
    private void update(HasMetadata desired, HasMetadata current) {
        desired.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
        desired.getMetadata().setFinalizers(current.getMetadata().getFinalizers());
        client.resource(desired).update();
    }

    /** The sample with this run's size written into its spec (only the fields the size sets). */
    HasMetadata resize(HasMetadata item) {
        if (!(item instanceof GenericKubernetesResource) && !"hsrl.io/v1alpha1".equals(item.getApiVersion())) {
            return item;
        }
        ObjectNode o = mapper.valueToTree(item);
        ObjectNode spec = o.with("spec");
        switch (item.getKind()) {
            case "SemanticIndex" -> {
                set(spec, "levels", size.levels());
                set(spec, "codebookSize", size.codebookSize());
            }
            case "HsrlTraining" -> {
                set(spec, "iterations", size.iterations());
                set(spec, "checkpointEvery", size.checkpointEvery());
                if (size.startTimestamp() != null || size.episodeBatchSize() != null) {
                    ObjectNode hp = spec.with("hyperParameters");
                    set(hp, "startTimestamp", size.startTimestamp());
                    set(hp, "episodeBatchSize", size.episodeBatchSize());
                }
                if (size.simulatorEpochs() != null) {
                    set(spec.with("simulator"), "epochs", size.simulatorEpochs());
                }
            }
            case "AbExperiment" -> {
                set(spec, "minUsersPerArm", size.minUsersPerArm());
                if (size.maxDuration() != null) {
                    spec.put("maxDuration", size.maxDuration());
                }
            }
            default -> {
                return item;
            }
        }
        return mapper.convertValue(o, GenericKubernetesResource.class);
    }

    private static void set(ObjectNode o, String field, Integer value) {
        if (value != null) {
            o.put(field, value);
        }
    }

    public JsonNode json(ResourceDefinitionContext ctx, String name) {
        GenericKubernetesResource r = client.genericKubernetesResources(ctx).inNamespace(namespace).withName(name).get();
        return r == null ? null : mapper.valueToTree(r);
    }

    /** "True (Reason)" of a condition, or "-". */
    public static String condition(JsonNode o, String type) {
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

    public boolean ready(ResourceDefinitionContext ctx, String name) {
        return condition(json(ctx, name), "Ready").startsWith("True");
    }

    /** The resource that failed for good (index or training), with its message, if any. */
    public Optional<String> failure() {
        List<Map.Entry<ResourceDefinitionContext, String>> watched = new ArrayList<>();
        watched.add(Map.entry(INDEXES, INDEX));
        TRAININGS_AND_SERVINGS.forEach(t -> watched.add(Map.entry(TRAININGS, t)));
        for (var e : watched) {
            JsonNode o = json(e.getKey(), e.getValue());
            if (o == null) {
                continue;
            }
            boolean failed = "Failed".equalsIgnoreCase(o.at("/status/state").asText());
            for (JsonNode c : o.at("/status/conditions")) {
                if ("Failed".equals(c.path("type").asText()) && "True".equals(c.path("status").asText())) {
                    failed = true;
                }
            }
            if (failed) {
                return Optional.of(e.getKey().getKind() + "/" + e.getValue() + " failed: "
                        + o.at("/status/conditions").toString());
            }
        }
        return Optional.empty();
    }

    /** Waits until both servings are Ready, printing progress every few seconds; throws on a failure. */
    public void awaitServings(Duration timeout, Duration every) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!TRAININGS_AND_SERVINGS.stream().allMatch(s -> ready(SERVINGS, s))) {
            Optional<String> failure = failure();
            if (failure.isPresent() || Instant.now().isAfter(deadline)) {
                printProgress();
                throw new IllegalStateException("the pipeline did not become ready: "
                        + failure.orElse("timed out after " + timeout));
            }
            printProgressIfChanged();
            Thread.sleep(every.toMillis());
        }
        printProgress();
    }

    private String lastProgress = "";
    private long lastProgressAt;
    private final long progressStarted = System.nanoTime();

    /** The progress block when it changed, or every 30 s as a heartbeat, with the time since the demo started. */
    private void printProgressIfChanged() {
        String block = progressBlock();
        long now = System.nanoTime();
        if (!block.equals(lastProgress) || now - lastProgressAt > 30_000_000_000L) {
            out.print(block);
            long s = (now - progressStarted) / 1_000_000_000L;
            out.printf("  -- %dm%02ds%n", s / 60, s % 60);
            lastProgress = block;
            lastProgressAt = now;
        }
    }

    public void printProgress() {
        out.print(progressBlock());
        out.println("  --");
    }

    private String progressBlock() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("  %-34s %s%n", "SemanticIndex/" + INDEX, condition(json(INDEXES, INDEX), "Ready")));
        for (String t : TRAININGS_AND_SERVINGS) {
            JsonNode o = json(TRAININGS, t);
            double pct = o == null ? 0 : o.at("/status/progress/percent").asDouble(0);
            sb.append(String.format(Locale.ROOT, "  %-34s %-12s %s %5.1f%%%n", "HsrlTraining/" + t,
                    o == null ? "-" : o.at("/status/state").asText("Pending"), bar(pct), pct));
        }
        for (String s : TRAININGS_AND_SERVINGS) {
            sb.append(String.format("  %-34s %s%n", "HsrlServing/" + s, condition(json(SERVINGS, s), "Ready")));
        }
        return sb.toString();
    }

    static String bar(double percent) {
        int filled = (int) Math.round(Math.max(0, Math.min(100, percent)) / 5);
        return "[" + "#".repeat(filled) + ".".repeat(20 - filled) + "]";
    }

    /**
     * Simulated users {@code user-0..n-1} are the generated world's users ({@link GroundTruthUsers#pick}: its held-out
     * test users first), each playing a session of up to {@link #SESSION_SLATES} slates: they ask the ab-controller
     * for a slate with their current history (catalogue ids), click each shown item with the world's ground-truth
     * probability given that history, convert a click with its conversion probability (a slate reports one conversion
     * when any of its clicks converted, so CVR is the share of slates that led to an order) and report each click's cost
     * ({@code costPerClick · price}); clicked items join the history, and a slate without a click ends the session.
     * So the arms differ by what they recommend. Draws come from one {@code Random(seed)} in user order: the same
     * slates give the same traffic. Until the experiment is routed (404/503) the first user is retried for up to
     * {@code routeTimeout}.
     */
    public Traffic simulateUsers(URI ab, String token, long seed, Duration routeTimeout) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Random rnd = new Random(seed);
        GroundTruthUsers world = GroundTruthUsers.of(worldConfig());
        out.printf("  ground truth: the generated world rebuilt in-process (%d items, %d users of which %d held out)%n",
                world.world().config().items(), world.world().config().users(), world.testUserCount());
        int[] worldUsers = world.pick(size.simulatedUsers());
        int answered = 0;
        int errors = 0;
        Map<String, Integer> users = new LinkedHashMap<>(Map.of("control", 0, "treatment", 0));
        Map<String, Integer> exposures = new LinkedHashMap<>(Map.of("control", 0, "treatment", 0));
        Map<String, Integer> conversions = new LinkedHashMap<>(Map.of("control", 0, "treatment", 0));
        Map<String, Double> cost = new LinkedHashMap<>(Map.of("control", 0.0, "treatment", 0.0));
        Instant routeDeadline = Instant.now().plus(routeTimeout);
        ArrayNode batch = mapper.createArrayNode();
        for (int u = 0; u < worldUsers.length; u++) {
            String user = "user-" + u;
            GroundTruthUsers.Session session = world.session(worldUsers[u]);
            for (int step = 0; step < SESSION_SLATES; step++) {
                ObjectNode req = mapper.createObjectNode();
                req.put("experiment", namespace + "/" + EXPERIMENT);
                req.put("userId", user);
                ArrayNode history = req.putArray("history");
                for (long id : session.historyIds()) {
                    history.add(id);
                }
                HttpResponse<String> resp = recommend(http, ab, req, answered > 0, routeDeadline);
                if (resp.statusCode() != 200) {
                    errors++;
                    if (errors <= 3) {
                        out.println("  recommend for " + user + " failed (" + resp.statusCode() + "): " + resp.body());
                    }
                    break;
                }
                JsonNode body = mapper.readTree(resp.body());
                String arm = body.path("arm").asText();
                String exposure = body.path("exposureId").asText();
                if (step == 0) {
                    answered++;
                    users.merge(arm, 1, Integer::sum);
                }
                exposures.merge(arm, 1, Integer::sum);
                long[] slate = new long[body.path("items").size()];
                for (int i = 0; i < slate.length; i++) {
                    slate[i] = body.path("items").get(i).asLong();
                }
                boolean clicked = false;
                boolean converted = false;
                List<GroundTruthUsers.ItemResponse> responses = session.respond(slate, rnd);
                for (int i = 0; i < responses.size(); i++) {
                    GroundTruthUsers.ItemResponse r = responses.get(i);
                    if (!r.clicked()) {
                        continue;
                    }
                    clicked = true;
                    String id = user + "-" + step + "-" + i;
                    event(batch, id + "-click", exposure, "click", 1);
                    event(batch, id + "-cost", exposure, r.cost());
                    cost.merge(arm, r.cost(), Double::sum);
                    converted |= r.converted();
                }
                if (converted) {
                    // one conversion per slate at most: CVR is the share of served slates that led to an order
                    event(batch, user + "-" + step + "-conv", exposure, "conversion", 1);
                    conversions.merge(arm, 1, Integer::sum);
                }
                if (batch.size() >= 200) {
                    postEvents(http, ab, token, batch);
                    batch = mapper.createArrayNode();
                }
                if (!clicked) {
                    break;
                }
            }
            if ((u + 1) % 100 == 0) {
                out.printf("  %d users: %d answered, %d recommend calls failed%n", u + 1, answered, errors);
            }
        }
        postEvents(http, ab, token, batch);
        out.printf("  %d users: %d answered (control %d users / %d slates, treatment %d users / %d slates), "
                        + "%d recommend calls failed%n", size.simulatedUsers(), answered, users.get("control"),
                exposures.get("control"), users.get("treatment"), exposures.get("treatment"), errors);
        return new Traffic(answered, errors, users, exposures, conversions, cost);
    }

    /**
     * One {@code POST /v1/recommend}, retried on a transient 5xx (twice) and, until the experiment is routed (404/503
     * before any answer), until {@code routeDeadline}.
     */
    private static HttpResponse<String> recommend(HttpClient http, URI ab, ObjectNode req, boolean routed,
                                                  Instant routeDeadline) throws Exception {
        int attempts = 0;
        while (true) {
            HttpResponse<String> resp = http.send(HttpRequest.newBuilder(ab.resolve("/v1/recommend"))
                            .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                            .POST(HttpRequest.BodyPublishers.ofString(req.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            boolean notRoutedYet = resp.statusCode() == 404 || resp.statusCode() == 503;
            boolean transientError = resp.statusCode() >= 500 && ++attempts < 3;
            if (!transientError && (!notRoutedYet || routed || Instant.now().isAfter(routeDeadline))) {
                return resp;
            }
            Thread.sleep(1000);
        }
    }

    /** A cost: an amount, decimal on the wire. */
    private static void event(ArrayNode batch, String id, String exposure, double cost) {
        ObjectNode e = batch.addObject();
        e.put("eventId", id);
        e.put("exposureId", exposure);
        e.put("type", "cost");
        e.put("value", cost);
    }

    /** Counts are integers on the wire (the ab-controller rejects 1.0 for a click). */
    private static void event(ArrayNode batch, String id, String exposure, String type, long value) {
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
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("events rejected (" + r.statusCode() + "): " + r.body());
        }
    }

    /**
     * Waits until the experiment's status counts {@code answered} users and, if {@code conclusion}, a decision other
     * than Continue; returns the last status seen (the caller decides what a timeout means).
     */
    public JsonNode awaitExperiment(int answered, boolean conclusion, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        JsonNode exp = json(EXPERIMENTS, EXPERIMENT);
        Set<String> printed = new HashSet<>();
        while (Instant.now().isBefore(deadline)) {
            exp = json(EXPERIMENTS, EXPERIMENT);
            boolean counted = exp != null && exp.at("/status/totalUsers").asLong(0) >= answered;
            boolean decided = exp != null && CONCLUSIONS.contains(exp.at("/status/decision").asText());
            if (counted && (decided || !conclusion)) {
                return exp;
            }
            String line = exp == null ? "" : String.format("  AbExperiment/%s  users %s (control %s, treatment %s)"
                            + "  decision %s", EXPERIMENT, exp.at("/status/totalUsers").asText("0"),
                    exp.at("/status/control/users").asText("0"), exp.at("/status/treatment/users").asText("0"),
                    exp.at("/status/decision").asText("-"));
            if (printed.add(line)) {
                out.println(line);
            }
            Thread.sleep(2000);
        }
        return exp;
    }

    /** A signed percentage, or n/a when the status has none (e.g. SRM not tested below minUsersPerArm). */
    static String pct(JsonNode v) {
        return v.isNumber() ? String.format(Locale.ROOT, "%+.2f%%", v.asDouble()) : "n/a";
    }

    static String num(JsonNode v) {
        return v.isNumber() ? String.format(Locale.ROOT, "%.4f", v.asDouble()) : "n/a";
    }

    /** How long a demo may wait for a conclusion after the traffic: the size's maxDuration and a minute, or 30 s. */
    public Duration conclusionWait() {
        if (size.maxDuration() == null) {
            return Duration.ofSeconds(30);
        }
        java.util.regex.Matcher m = Pattern.compile("^(\\d+)([smh])$").matcher(size.maxDuration());
        if (!m.matches()) {
            return Duration.ofSeconds(30);
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
        return d.plusMinutes(1);
    }

    /** The experiment's result table, read from its status. */
    public static void printResultTable(JsonNode exp, PrintStream out) {
        if (exp == null) {
            out.println("error: AbExperiment " + EXPERIMENT + " not found");
            return;
        }
        JsonNode s = exp.path("status");
        out.println();
        out.printf("%-10s %8s %10s %8s %8s %8s %9s %8s %10s %10s %8s%n", "ARM", "USERS", "EXPOSURES", "CLICKS",
                "CONV", "CTR", "PC-CVR", "CVR", "COST", "COST/USER", "CPA");
        for (String arm : List.of("control", "treatment")) {
            JsonNode a = s.path(arm);
            out.printf(Locale.ROOT, "%-10s %8d %10d %8d %8d %7.2f%% %8.2f%% %7.3f%% %10.1f %10.3f %8.3f%n", arm,
                    a.path("users").asLong(), a.path("exposures").asLong(), a.path("clicks").asLong(),
                    a.path("conversions").asLong(), 100 * a.path("ctr").asDouble(), 100 * a.path("postClickCvr").asDouble(),
                    100 * a.path("cvr").asDouble(), a.path("cost").asDouble(), a.path("costPerUser").asDouble(),
                    a.path("costPerConversion").asDouble());
        }
        JsonNode r = s.path("results");
        out.println();
        out.println("CVR lift   " + pct(r.path("cvrLiftPercent")) + "  [" + pct(r.path("cvrLiftLow")) + ", "
                + pct(r.path("cvrLiftHigh")) + "]");
        out.println("cost delta " + pct(r.path("costDeltaPercent")) + "  [" + pct(r.path("costDeltaLow")) + ", "
                + pct(r.path("costDeltaHigh")) + "]");
        for (JsonNode m : r.path("metrics")) {
            String name = m.path("metric").asText();
            if (List.of("ctr", "postClickCvr", "cpa").contains(name)) {
                out.printf(Locale.ROOT, "%-10s %s  [%s, %s]%n", name, pct(m.path("deltaPercent")), pct(m.path("low")),
                        pct(m.path("high")));
            }
        }
        out.println("CUPED variance reduction " + pct(r.path("varianceReductionPercent")) + "  power "
                + num(r.path("power")) + "  users still needed per arm " + r.path("usersStillNeededPerArm").asText("-"));
        out.println("p-value " + num(r.path("pValue")) + "  SRM p-value " + num(r.path("srmPValue")) + "  method "
                + r.path("method").asText("-"));
        out.println("decision: " + s.path("decision").asText("-") + "  " + s.path("summary").asText(""));
    }
}
