package io.hsrl.local.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the quickstart shows while it waits: the resources' Ready conditions and the trainings' progress bars
 * (printed when they change, with a heartbeat), failures that end the wait, and the experiment's user counts.
 */
final class ProgressView {
    private final KubernetesClient client;
    private final String namespace;
    private final PrintStream out;
    private final ObjectMapper mapper = new ObjectMapper();

    ProgressView(KubernetesClient client, String namespace, PrintStream out) {
        this.client = client;
        this.namespace = namespace;
        this.out = out;
    }

    JsonNode json(ResourceDefinitionContext ctx, String name) {
        GenericKubernetesResource r = client.genericKubernetesResources(ctx).inNamespace(namespace).withName(name).get();
        return r == null ? null : mapper.valueToTree(r);
    }

    /** "True (Reason)" of a condition, or "-". */
    static String condition(JsonNode o, String type) {
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

    boolean ready(ResourceDefinitionContext ctx, String name) {
        return condition(json(ctx, name), "Ready").startsWith("True");
    }

    /** The resource that failed for good (index or training), with its message, if any. */
    Optional<String> failure() {
        List<Map.Entry<ResourceDefinitionContext, String>> watched = new ArrayList<>();
        watched.add(Map.entry(Quickstart.INDEXES, Quickstart.INDEX));
        Quickstart.TRAININGS_AND_SERVINGS.forEach(t -> watched.add(Map.entry(Quickstart.TRAININGS, t)));
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
    void awaitServings(Duration timeout, Duration every) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!Quickstart.TRAININGS_AND_SERVINGS.stream().allMatch(s -> ready(Quickstart.SERVINGS, s))) {
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

    void printProgress() {
        out.print(progressBlock());
        out.println("  --");
    }

    private String progressBlock() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("  %-34s %s%n", "SemanticIndex/" + Quickstart.INDEX, condition(json(Quickstart.INDEXES, Quickstart.INDEX), "Ready")));
        for (String t : Quickstart.TRAININGS_AND_SERVINGS) {
            JsonNode o = json(Quickstart.TRAININGS, t);
            double pct = o == null ? 0 : o.at("/status/progress/percent").asDouble(0);
            sb.append(String.format(Locale.ROOT, "  %-34s %-12s %s %5.1f%%%n", "HsrlTraining/" + t,
                    o == null ? "-" : o.at("/status/state").asText("Pending"), bar(pct), pct));
        }
        for (String s : Quickstart.TRAININGS_AND_SERVINGS) {
            sb.append(String.format("  %-34s %s%n", "HsrlServing/" + s, condition(json(Quickstart.SERVINGS, s), "Ready")));
        }
        return sb.toString();
    }

    static String bar(double percent) {
        int filled = (int) Math.round(Math.max(0, Math.min(100, percent)) / 5);
        return "[" + "#".repeat(filled) + ".".repeat(20 - filled) + "]";
    }

    /**
     * Waits until the experiment's status counts {@code answered} users and, if {@code conclusion}, a decision other
     * than Continue; returns the last status seen (the caller decides what a timeout means).
     */
    JsonNode awaitExperiment(int answered, boolean conclusion, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        JsonNode exp = json(Quickstart.EXPERIMENTS, Quickstart.EXPERIMENT);
        Set<String> printed = new HashSet<>();
        while (Instant.now().isBefore(deadline)) {
            exp = json(Quickstart.EXPERIMENTS, Quickstart.EXPERIMENT);
            boolean counted = exp != null && exp.at("/status/totalUsers").asLong(0) >= answered;
            boolean decided = exp != null && Quickstart.CONCLUSIONS.contains(exp.at("/status/decision").asText());
            String line = exp == null ? "" : String.format("  AbExperiment/%s  users %s (control %s, treatment %s)"
                            + "  decision %s", Quickstart.EXPERIMENT, exp.at("/status/totalUsers").asText("0"),
                    exp.at("/status/control/users").asText("0"), exp.at("/status/treatment/users").asText("0"),
                    exp.at("/status/decision").asText("-"));
            if (printed.add(line)) {
                out.println(line);
            }
            if (counted && (decided || !conclusion)) {
                return exp;
            }
            Thread.sleep(2000);
        }
        return exp;
    }
}
