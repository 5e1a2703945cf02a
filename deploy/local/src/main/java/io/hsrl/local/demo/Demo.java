package io.hsrl.local.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.hsrl.local.platform.PlatformOptions;
import io.hsrl.local.s3.LocalS3;

import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * {@code hsrl-local demo}: the quickstart at the samples' size on the running platform ({@link Quickstart}), with live
 * progress, ending with the experiment's result table read from the AbExperiment status.
 */
public final class Demo {
    static final String NAMESPACE = "default";

    private Demo() {
    }

    /** {@code --size samples|quick}. */
    public static Quickstart.Size size(String name) {
        return switch (name) {
            case "samples" -> Quickstart.Size.samples();
            case "quick" -> Quickstart.Size.quick();
            default -> throw new IllegalArgumentException("--size: samples or quick, got " + name);
        };
    }

    /** The simulated users' draws when no --seed is given. */
    static final long TRAFFIC_SEED = 11;

    /**
     * @param seed null: the samples as they are; else the trainings' seed, the experiment's salt and the simulated
     *             users' draws (the generated world is the same for every seed)
     */
    public static int run(PlatformOptions options, Quickstart.Size size, Long seed) throws Exception {
        if (!Files.isRegularFile(options.statusFile())) {
            System.err.println("error: hsrl-local is not running; start it with: ./deploy/local/hsrl-local up");
            return 1;
        }
        Properties status = new Properties();
        try (Reader r = Files.newBufferedReader(options.statusFile())) {
            status.load(r);
        }
        Config config = io.hsrl.local.platform.LocalPlatform.patient(
                Config.fromKubeconfig(Files.readString(Path.of(status.getProperty("kubeconfig")))));
        Map<String, String> s3 = Map.of("HSRL_S3_ENDPOINT", status.getProperty("s3"),
                "HSRL_S3_ACCESS_KEY", LocalS3.ACCESS_KEY,
                "HSRL_S3_SECRET_KEY", Files.readString(options.dataDir().resolve("s3.credentials")).trim());
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            Quickstart q = new Quickstart(client, NAMESPACE, s3, size, seed, System.out);
            return run(q, status, options, seed == null ? TRAFFIC_SEED : seed);
        }
    }

    private static int run(Quickstart q, Properties status, PlatformOptions options, long trafficSeed) throws Exception {
        step("1/5 generate a synthetic catalogue and logs into " + Quickstart.DATASET);
        q.generateDataset(Duration.ofMinutes(20));
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
        Path samples = options.repoRoot().resolve("deploy/samples/quickstart");
        step("2/5 apply deploy/samples/quickstart (the experiment once both servings are Ready)");
        q.applySamples(samples, f -> !f.contains("abexperiment"));
        step("3/5 index, training and servings (live from the resources' statuses)");
        try {
            q.awaitServings(Duration.ofMinutes(90), Duration.ofSeconds(5));
        } catch (IllegalStateException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println("see kubectl describe hsrl, and the pod logs in " + options.logsDir());
            return 1;
        }
        // spec.maxDuration counts from the experiment's creation: create it when there is something to compare.
        q.applySamples(samples, f -> f.contains("abexperiment"));
        step("4/5 simulated users against the ab-controller (" + ab + ")");
        String token = Files.readString(options.dataDir().resolve("ab-events.token")).trim();
        Quickstart.Traffic traffic = q.simulateUsers(URI.create(ab), token, trafficSeed, Duration.ofMinutes(2));
        step("5/5 the experiment's result (AbExperiment " + Demo.NAMESPACE + "/" + Quickstart.EXPERIMENT + " status)");
        // Counts first; a decision other than Continue may need more users than a demo sends (the sequential test
        // stops when the evidence suffices or at spec.maxDuration): wait a little for one, then show what there is.
        JsonNode exp = q.awaitExperiment(traffic.answered(), false, Duration.ofMinutes(2));
        if (!Quickstart.CONCLUSIONS.contains(exp == null ? "" : exp.at("/status/decision").asText())) {
            exp = q.awaitExperiment(traffic.answered(), true, q.conclusionWait());
        }
        Quickstart.printResultTable(exp, System.out);
        return 0;
    }

    private static void step(String s) {
        System.out.println();
        System.out.println("== " + s);
    }
}
