package io.hsrl.api.crd;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionNames;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Renders the CRDs in {@code crds/} as a Markdown field reference ({@code docs/reference/}): per kind its names, its
 * printer columns and one row per field of spec and status with type, default, bounds and description. The build
 * runs this after {@link CrdFiles} and fails when the checked-in reference differs
 * ({@code mvn -pl api verify -Dhsrl.crds.update=true} rewrites it together with the CRDs).
 */
public final class CrdReference {
    static final String INDEX = "README.md";
    private static final String GENERATED = "<!-- Generated from crds/ by io.hsrl.api.crd.CrdReference. Do not edit: change the types in api/\n"
            + "     and run `mvn -pl api verify -Dhsrl.crds.update=true`. -->\n";

    private CrdReference() {
    }

    /** Reads every CRD in {@code crdsDir} and renders the reference, as file name → Markdown text. */
    public static Map<String, String> render(Path crdsDir) throws IOException {
        List<CustomResourceDefinition> crds = new ArrayList<>();
        try (Stream<Path> files = Files.list(crdsDir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                crds.add(Serialization.unmarshal(Files.readString(f, StandardCharsets.UTF_8), CustomResourceDefinition.class));
            }
        }
        if (crds.isEmpty()) {
            throw new IllegalStateException("no CRDs (*.yaml) in " + crdsDir);
        }
        Map<String, String> out = new TreeMap<>();
        StringBuilder index = new StringBuilder(GENERATED)
                .append("\n# Custom resource reference\n\n")
                .append("Every field of the platform's custom resources, generated from the CRDs in [`crds/`](../../crds), which\n")
                .append("are generated from the Java types in `api/`. `kubectl explain <kind>.spec` shows the same descriptions.\n\n")
                .append("| kind | short names | API version | scope |\n|---|---|---|---|\n");
        for (CustomResourceDefinition crd : crds) {
            CustomResourceDefinitionNames names = crd.getSpec().getNames();
            String file = names.getKind().toLowerCase(java.util.Locale.ROOT) + ".md";
            out.put(file, kind(crd));
            index.append("| [").append(names.getKind()).append("](").append(file).append(") | ")
                    .append(names.getShortNames() == null ? "" : String.join(", ", names.getShortNames())).append(" | ")
                    .append(crd.getSpec().getVersions().stream().map(v -> crd.getSpec().getGroup() + "/" + v.getName())
                            .collect(Collectors.joining(", ")))
                    .append(" | ").append(crd.getSpec().getScope()).append(" |\n");
        }
        index.append("\nIn the tables: a field path uses `[]` for the elements of a list and `*` for the values of a map;\n")
                .append("*required* marks a field that must be set when its parent is; bounds are what the API server checks\n")
                .append("(on servers older than 1.25 the CEL rules are not enforced, and the controllers check them).\n");
        out.put(INDEX, index.toString());
        return out;
    }

    private static String kind(CustomResourceDefinition crd) {
        CustomResourceDefinitionNames names = crd.getSpec().getNames();
        StringBuilder b = new StringBuilder(GENERATED);
        b.append("\n# ").append(names.getKind()).append("\n\n");
        b.append("| | |\n|---|---|\n");
        b.append("| group | `").append(crd.getSpec().getGroup()).append("` |\n");
        b.append("| versions | ").append(crd.getSpec().getVersions().stream().map(v -> "`" + v.getName() + "`"
                + (Boolean.TRUE.equals(v.getStorage()) ? " (storage)" : "")).collect(Collectors.joining(", "))).append(" |\n");
        b.append("| scope | ").append(crd.getSpec().getScope()).append(" |\n");
        b.append("| plural, singular | `").append(names.getPlural()).append("`, `").append(names.getSingular()).append("` |\n");
        if (names.getShortNames() != null && !names.getShortNames().isEmpty()) {
            b.append("| short names | ").append(names.getShortNames().stream().map(s -> "`" + s + "`")
                    .collect(Collectors.joining(", "))).append(" |\n");
        }
        if (names.getCategories() != null && !names.getCategories().isEmpty()) {
            b.append("| categories | ").append(names.getCategories().stream().map(s -> "`" + s + "`")
                    .collect(Collectors.joining(", "))).append(" |\n");
        }
        for (CustomResourceDefinitionVersion v : crd.getSpec().getVersions()) {
            if (crd.getSpec().getVersions().size() > 1) {
                b.append("\n## Version ").append(v.getName()).append('\n');
            }
            columns(b, v);
            JSONSchemaProps root = v.getSchema() == null ? null : v.getSchema().getOpenAPIV3Schema();
            if (root == null || !hasProperties(root)) {
                continue;
            }
            if (root.getXKubernetesValidations() != null && !root.getXKubernetesValidations().isEmpty()) {
                b.append("\nRules on the whole resource: ").append(rules(root.getXKubernetesValidations())).append('\n');
            }
            for (Map.Entry<String, JSONSchemaProps> top : new TreeMap<>(root.getProperties()).entrySet()) {
                if (Set.of("apiVersion", "kind", "metadata").contains(top.getKey())) {
                    continue;
                }
                JSONSchemaProps section = top.getValue();
                b.append("\n## ").append(top.getKey()).append("\n\n");
                if (section.getDescription() != null) {
                    b.append(text(section.getDescription())).append("\n\n");
                }
                if (section.getXKubernetesValidations() != null && !section.getXKubernetesValidations().isEmpty()) {
                    b.append("Rules: ").append(rules(section.getXKubernetesValidations())).append("\n\n");
                }
                b.append("| field | type | default | bounds | description |\n|---|---|---|---|---|\n");
                fields(b, top.getKey(), section);
            }
        }
        return b.toString();
    }

    private static void columns(StringBuilder b, CustomResourceDefinitionVersion v) {
        List<CustomResourceColumnDefinition> cols = v.getAdditionalPrinterColumns();
        if (cols == null || cols.isEmpty()) {
            return;
        }
        b.append("\n## `kubectl get` columns\n\n| column | type | from | shown |\n|---|---|---|---|\n");
        for (CustomResourceColumnDefinition c : cols) {
            b.append("| ").append(cell(c.getName())).append(" | ").append(c.getType()).append(" | `")
                    .append(c.getJsonPath().replace("|", "\\|")).append("` | ")
                    .append(c.getPriority() != null && c.getPriority() > 0 ? "`-o wide`" : "always").append(" |\n");
        }
    }

    /** One row per property below {@code schema}, depth first, properties in name order. */
    private static void fields(StringBuilder b, String path, JSONSchemaProps schema) {
        if (hasProperties(schema)) {
            List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
            for (Map.Entry<String, JSONSchemaProps> e : new TreeMap<>(schema.getProperties()).entrySet()) {
                String child = path + "." + e.getKey();
                row(b, child, e.getValue(), required.contains(e.getKey()));
                descend(b, child, e.getValue());
            }
        }
    }

    private static void descend(StringBuilder b, String path, JSONSchemaProps p) {
        fields(b, path, p);
        if (p.getItems() != null && p.getItems().getSchema() != null) {
            JSONSchemaProps item = p.getItems().getSchema();
            if (hasProperties(item)) {
                fields(b, path + "[]", item);
            }
        }
        if (p.getAdditionalProperties() != null && p.getAdditionalProperties().getSchema() != null
                && hasProperties(p.getAdditionalProperties().getSchema())) {
            fields(b, path + ".*", p.getAdditionalProperties().getSchema());
        }
    }

    private static void row(StringBuilder b, String path, JSONSchemaProps p, boolean required) {
        b.append("| `").append(path).append("` | ").append(type(p)).append(required ? ", *required*" : "").append(" | ")
                .append(p.getDefault() == null ? "" : "`" + json(p.getDefault()) + "`").append(" | ")
                .append(bounds(p)).append(" | ").append(p.getDescription() == null ? "" : text(p.getDescription()))
                .append(" |\n");
    }

    static String type(JSONSchemaProps p) {
        if (Boolean.TRUE.equals(p.getXKubernetesIntOrString())) {
            return "integer or string";
        }
        String t = p.getType();
        if ("array".equals(t)) {
            JSONSchemaProps item = p.getItems() == null ? null : p.getItems().getSchema();
            return "list of " + (item == null ? "any" : plural(type(item)));
        }
        if ("object".equals(t) && !hasProperties(p)) {
            if (p.getAdditionalProperties() != null && p.getAdditionalProperties().getSchema() != null) {
                return "map of " + plural(type(p.getAdditionalProperties().getSchema()));
            }
            if (Boolean.TRUE.equals(p.getXKubernetesPreserveUnknownFields())) {
                return "object (free-form)";
            }
        }
        if (t == null) {
            return Boolean.TRUE.equals(p.getXKubernetesPreserveUnknownFields()) ? "any" : "object";
        }
        return p.getFormat() == null ? t : t + " (" + p.getFormat() + ")";
    }

    private static boolean hasProperties(JSONSchemaProps p) {
        return p.getProperties() != null && !p.getProperties().isEmpty();
    }

    private static String plural(String type) {
        if (type.startsWith("list of ") || type.startsWith("map of ")) {
            return type;
        }
        return type.equals("integer or string") ? "integers or strings" : type.replaceFirst("^(\\w+)", "$1s");
    }

    static String bounds(JSONSchemaProps p) {
        List<String> out = new ArrayList<>();
        if (p.getEnum() != null && !p.getEnum().isEmpty()) {
            out.add("one of " + p.getEnum().stream().map(e -> "`" + json(e) + "`").collect(Collectors.joining(", ")));
        }
        if (p.getMinimum() != null) {
            out.add((Boolean.TRUE.equals(p.getExclusiveMinimum()) ? "> " : "≥ ") + number(p.getMinimum()));
        }
        if (p.getMaximum() != null) {
            out.add((Boolean.TRUE.equals(p.getExclusiveMaximum()) ? "< " : "≤ ") + number(p.getMaximum()));
        }
        if (p.getMinLength() != null) {
            out.add("length ≥ " + p.getMinLength());
        }
        if (p.getMaxLength() != null) {
            out.add("length ≤ " + p.getMaxLength());
        }
        if (p.getMinItems() != null) {
            out.add("items ≥ " + p.getMinItems());
        }
        if (p.getMaxItems() != null) {
            out.add("items ≤ " + p.getMaxItems());
        }
        if (p.getMinProperties() != null) {
            out.add("entries ≥ " + p.getMinProperties());
        }
        if (p.getMaxProperties() != null) {
            out.add("entries ≤ " + p.getMaxProperties());
        }
        if (p.getPattern() != null) {
            out.add("pattern `" + p.getPattern().replace("|", "\\|") + "`");
        }
        JSONSchemaProps item = p.getItems() == null ? null : p.getItems().getSchema();
        if (item != null && !hasProperties(item) && !bounds(item).isEmpty()) {
            out.add("each item: " + bounds(item));
        }
        JSONSchemaProps value = p.getAdditionalProperties() == null ? null : p.getAdditionalProperties().getSchema();
        if (value != null && !hasProperties(value) && !bounds(value).isEmpty()) {
            out.add("each value: " + bounds(value));
        }
        if (p.getXKubernetesValidations() != null && !p.getXKubernetesValidations().isEmpty()) {
            out.add(rules(p.getXKubernetesValidations()));
        }
        return String.join("; ", out);
    }

    private static String rules(List<ValidationRule> rules) {
        return rules.stream().map(r -> "rule `" + r.getRule().replace("|", "\\|") + "`"
                        + (r.getMessage() == null ? "" : " (" + text(r.getMessage()) + ")"))
                .collect(Collectors.joining("; "));
    }

    private static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    private static String json(JsonNode n) {
        return (n.isTextual() ? n.asText() : n.toString()).replace("|", "\\|");
    }

    /** A description as one table cell: one line, pipes escaped, angle brackets shown as text outside code spans. */
    static String text(String s) {
        String[] parts = s.replaceAll("\\s*\\n\\s*", " ").trim().split("`", -1);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].replace("|", "\\|");
            if (i % 2 == 0) {
                part = part.replace("<", "&lt;").replace(">", "&gt;");
            }
            b.append(i > 0 ? "`" : "").append(part);
        }
        return b.toString();
    }

    private static String cell(String s) {
        return s.replace("|", "\\|");
    }

    /** Differences between the rendered reference and {@code dir}, as messages; empty when in step. */
    static List<String> differences(Map<String, String> rendered, Path dir) throws IOException {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> e : rendered.entrySet()) {
            Path f = dir.resolve(e.getKey());
            if (!Files.exists(f)) {
                problems.add(f + " is missing");
            } else if (!Files.readString(f, StandardCharsets.UTF_8).equals(e.getValue())) {
                problems.add(f + " differs from the CRDs");
            }
        }
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(p -> p.toString().endsWith(".md") && !rendered.containsKey(p.getFileName().toString()))
                        .forEach(p -> problems.add(p + " is not generated from any CRD (remove it)"));
            }
        }
        return problems;
    }

    /** args: crdsDir update(true|false) referenceDir. */
    public static void main(String[] args) throws IOException {
        Path crds = Path.of(args[0]).toAbsolutePath().normalize();
        boolean update = Boolean.parseBoolean(args[1]);
        Path dir = Path.of(args[2]).toAbsolutePath().normalize();
        Map<String, String> rendered = render(crds);
        List<String> problems = differences(rendered, dir);
        if (problems.isEmpty()) {
            System.out.println("[crd-reference] " + dir + " is up to date (" + rendered.size() + " files)");
        } else if (update) {
            Files.createDirectories(dir);
            try (Stream<Path> files = Files.list(dir)) {
                for (Path stale : files.filter(p -> p.toString().endsWith(".md")
                        && !rendered.containsKey(p.getFileName().toString())).toList()) {
                    Files.delete(stale);
                }
            }
            for (Map.Entry<String, String> e : rendered.entrySet()) {
                Files.writeString(dir.resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
            }
            System.out.println("[crd-reference] rewrote " + rendered.size() + " files in " + dir);
        } else {
            throw new IllegalStateException("the CRD reference is stale:\n  " + String.join("\n  ", problems)
                    + "\nRegenerate it with: mvn -pl api verify -Dhsrl.crds.update=true   (then commit docs/reference)");
        }
    }
}
