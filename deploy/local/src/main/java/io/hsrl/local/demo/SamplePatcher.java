package io.hsrl.local.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The quickstart's samples applied with a run's {@link Quickstart.Size}: each sample's spec gets the size's fields
 * (levels, iterations, experiment length, ...), then it is created, or updated keeping the controllers' finalizers.
 */
final class SamplePatcher {
    private final KubernetesClient client;
    private final String namespace;
    private final Quickstart.Size size;
    /** The trainings' seed and the experiment's salt, or null for the samples' own. */
    private final Long seed;
    private final PrintStream out;
    private final ObjectMapper mapper = new ObjectMapper();

    SamplePatcher(KubernetesClient client, String namespace, Quickstart.Size size, Long seed, PrintStream out) {
        this.client = client;
        this.namespace = namespace;
        this.size = size;
        this.seed = seed;
        this.out = out;
    }

    /** Applies the sample files accepted by {@code which} (file names), with this run's size (create or update). */
    void apply(Path dir, Predicate<String> which) throws IOException {
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
                if (seed != null) {
                    spec.put("seed", seed);
                }
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
                if (seed != null) {
                    spec.put("salt", "quickstart-seed-" + seed);
                }
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
}
