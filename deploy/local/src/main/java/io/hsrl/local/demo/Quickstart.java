package io.hsrl.local.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.hsrl.core.data.SyntheticWorld;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The quickstart pipeline driven through the platform's public interfaces only (the Kubernetes API, the S3 store,
 * the ab-controller's HTTP API), at a chosen {@link Size}: {@code hsrl-local demo} runs it at the samples' size, the
 * system test at a tiny one. A Job runs {@code trainer generate}; the samples of {@code deploy/samples/quickstart}
 * are applied (sizes overridden where the size says so); simulated users, the generated world's own users answering
 * with its ground truth ({@link GroundTruthUsers}), call {@code POST /v1/recommend} and report clicks, conversions
 * and costs to {@code POST /v1/events}; results are read from the AbExperiment status. Each step has its own class:
 * {@link DatasetJob}, {@link SamplePatcher}, {@link ProgressView}, {@link SimulatedUsers}, {@link ResultTable}.
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
    private final SamplePatcher samples;
    private final ProgressView progress;

    public Quickstart(KubernetesClient client, String namespace, Map<String, String> s3Environment, Size size,
                      PrintStream out) {
        this(client, namespace, s3Environment, size, null, out);
    }

    /**
     * @param seed null: the samples' seeds; else the trainings' {@code spec.seed} and the experiment's salt (users'
     *             arms) are this run's, so that runs of one size differ only by it (the dataset's world stays
     *             {@link #DATASET_SEED}'s)
     */
    public Quickstart(KubernetesClient client, String namespace, Map<String, String> s3Environment, Size size,
                      Long seed, PrintStream out) {
        this.client = client;
        this.namespace = namespace;
        this.s3Environment = Map.copyOf(s3Environment);
        this.size = size;
        this.out = out;
        this.samples = new SamplePatcher(client, namespace, size, seed, out);
        this.progress = new ProgressView(client, namespace, out);
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
        new DatasetJob(client, namespace, s3Environment, worldConfig(), out).run(timeout);
    }

    /** Applies the sample files accepted by {@code which} (file names), with this run's size (create or update). */
    public void applySamples(Path dir, Predicate<String> which) throws IOException {
        samples.apply(dir, which);
    }

    /** The sample with this run's size written into its spec (only the fields the size sets). */
    HasMetadata resize(HasMetadata item) {
        return samples.resize(item);
    }

    public JsonNode json(ResourceDefinitionContext ctx, String name) {
        return progress.json(ctx, name);
    }

    /** "True (Reason)" of a condition, or "-". */
    public static String condition(JsonNode o, String type) {
        return ProgressView.condition(o, type);
    }

    public boolean ready(ResourceDefinitionContext ctx, String name) {
        return progress.ready(ctx, name);
    }

    /** The resource that failed for good (index or training), with its message, if any. */
    public Optional<String> failure() {
        return progress.failure();
    }

    /** Waits until both servings are Ready, printing progress every few seconds; throws on a failure. */
    public void awaitServings(Duration timeout, Duration every) throws InterruptedException {
        progress.awaitServings(timeout, every);
    }

    public void printProgress() {
        progress.printProgress();
    }

    static String bar(double percent) {
        return ProgressView.bar(percent);
    }

    /**
     * Sends the size's simulated users through the experiment ({@link SimulatedUsers}); draws come from one
     * {@code Random(seed)}, and the first user is retried until the experiment is routed, for up to
     * {@code routeTimeout}.
     */
    public Traffic simulateUsers(URI ab, String token, long seed, Duration routeTimeout) throws Exception {
        return new SimulatedUsers(namespace, worldConfig(), size.simulatedUsers(), out).run(ab, token, seed,
                routeTimeout);
    }

    /**
     * Waits until the experiment's status counts {@code answered} users and, if {@code conclusion}, a decision other
     * than Continue; returns the last status seen (the caller decides what a timeout means).
     */
    public JsonNode awaitExperiment(int answered, boolean conclusion, Duration timeout) throws InterruptedException {
        return progress.awaitExperiment(answered, conclusion, timeout);
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
        ResultTable.print(exp, out);
    }
}
