package io.hsrl.api.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.hsrl.api.v1alpha1.HsrlApi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Generates the CRDs of {@link HsrlApi#KINDS} and keeps {@code crds/} in step with them: the build runs this and fails
 * when the checked-in files differ ({@code mvn -pl api verify -Dhsrl.crds.update=true} rewrites them).
 *
 * <p>The generator sorts printer columns by name; we put them back in the order the annotations declare, which is
 * the order a reader of {@code kubectl get} wants (Ready first, Age last).
 */
public final class CrdFiles {
    private static final String HEADER = "# Generated from the api/ module's types by io.hsrl.api.crd.CrdFiles. Do not edit:\n"
            + "# change the types and run `mvn -pl api verify -Dhsrl.crds.update=true`.\n";

    private CrdFiles() {
    }

    /** File name of a kind's CRD in crds/. */
    public static String fileName(CustomResourceDefinition crd) {
        return crd.getMetadata().getName() + ".yaml";
    }

    /** Generates every CRD, printer columns in declaration order, as file name → YAML text. */
    public static Map<String, String> generate(Path workDir) throws IOException {
        Files.createDirectories(workDir);
        new CRDGenerator().inOutputDir(workDir.toFile()).forCRDVersions("v1")
                .customResourceClasses(HsrlApi.KINDS.toArray(Class[]::new)).generate();
        Map<String, String> out = new TreeMap<>();
        for (Class<? extends CustomResource<?, ?>> kind : HsrlApi.KINDS) {
            String name = CustomResource.getCRDName(kind);
            Path generated = workDir.resolve(name + "-v1.yml");
            CustomResourceDefinition crd = Serialization.unmarshal(Files.readString(generated), CustomResourceDefinition.class);
            List<String> order = Arrays.stream(kind.getAnnotationsByType(AdditionalPrinterColumn.class))
                    .map(AdditionalPrinterColumn::name).toList();
            crd.getSpec().getVersions().forEach(v -> {
                var spec = v.getSchema().getOpenAPIV3Schema().getProperties().get("spec");
                // a marker of the operator's lenient reading, never part of the API
                spec.getProperties().remove(io.hsrl.api.v1alpha1.LenientlyRead.PROPERTY);
                CoreTypeBounds.apply(spec);
                Map<String, CustomResourceColumnDefinition> byName = v.getAdditionalPrinterColumns().stream()
                        .collect(Collectors.toMap(CustomResourceColumnDefinition::getName, Function.identity()));
                List<CustomResourceColumnDefinition> sorted = new ArrayList<>();
                order.forEach(n -> sorted.add(byName.remove(n)));
                sorted.addAll(byName.values());
                v.setAdditionalPrinterColumns(sorted);
            });
            out.put(fileName(crd), HEADER + Serialization.asYaml(crd));
        }
        return out;
    }

    /** Differences between generated and checked-in files, as messages; empty when in step. */
    public static List<String> differences(Map<String, String> generated, Path crdsDir) throws IOException {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> e : generated.entrySet()) {
            Path f = crdsDir.resolve(e.getKey());
            if (!Files.exists(f)) {
                problems.add(f + " is missing");
            } else if (!Files.readString(f, StandardCharsets.UTF_8).equals(e.getValue())) {
                problems.add(f + " differs from the types");
            }
        }
        if (Files.isDirectory(crdsDir)) {
            try (var files = Files.list(crdsDir)) {
                files.filter(p -> p.toString().endsWith(".yaml") && !generated.containsKey(p.getFileName().toString()))
                        .forEach(p -> problems.add(p + " is not generated from any type (remove it)"));
            }
        }
        return problems;
    }

    /**
     * args: workDir update(true|false) dir... — every dir holds a copy of the CRDs: {@code crds/} (the source of
     * truth for kubectl), the kustomize base and the Helm chart (Helm installs a chart's {@code crds/}), neither of
     * which can reach files outside its own folder.
     */
    public static void main(String[] args) throws IOException {
        Path work = Path.of(args[0]);
        boolean update = Boolean.parseBoolean(args[1]);
        Map<String, String> generated = generate(work);
        List<String> stale = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            Path dir = Path.of(args[i]).toAbsolutePath().normalize();
            List<String> problems = differences(generated, dir);
            if (problems.isEmpty()) {
                System.out.println("[crds] " + dir + " is up to date (" + generated.size() + " CRDs)");
            } else if (update) {
                Files.createDirectories(dir);
                for (Map.Entry<String, String> e : generated.entrySet()) {
                    Files.writeString(dir.resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
                }
                System.out.println("[crds] rewrote " + generated.size() + " CRDs in " + dir);
            } else {
                stale.addAll(problems);
            }
        }
        if (!stale.isEmpty()) {
            throw new IllegalStateException("the CRDs are stale:\n  " + String.join("\n  ", stale)
                    + "\nRegenerate them with: mvn -pl api verify -Dhsrl.crds.update=true   (then commit them)");
        }
    }
}
