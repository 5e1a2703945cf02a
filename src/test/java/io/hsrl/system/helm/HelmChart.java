package io.hsrl.system.helm;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A chart directory rendered as {@code helm template} would: values.yaml, then value files, then {@code --set}-style
 * overrides (dotted paths), merged; every {@code templates/*.tpl} parsed first for its {@code define}s; every other
 * template rendered with {@code .Values}, {@code .Release} and {@code .Chart}. Only {@link GoTemplate}'s subset.
 */
public final class HelmChart {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Path dir;
    private final Map<String, Object> chart;

    public HelmChart(Path dir) throws IOException {
        this.dir = dir;
        this.chart = readMap(dir.resolve("Chart.yaml"));
    }

    public Map<String, Object> chartYaml() {
        return chart;
    }

    /** One rendered template file (name relative to the chart) and its text. */
    public record Rendered(String template, String text) {
    }

    public List<Rendered> render(String releaseName, String releaseNamespace, List<Path> valueFiles,
                                 Map<String, Object> set) throws IOException {
        Map<String, Object> values = readMap(dir.resolve("values.yaml"));
        for (Path f : valueFiles) {
            merge(values, readMap(f));
        }
        set.forEach((path, v) -> {
            Map<String, Object> m = values;
            String[] parts = path.split("\\.");
            for (int i = 0; i < parts.length - 1; i++) {
                m = child(m, parts[i]);
            }
            m.put(parts[parts.length - 1], v);
        });
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("Values", values);
        root.put("Release", Map.of("Name", releaseName, "Namespace", releaseNamespace, "Service", "Helm"));
        root.put("Chart", Map.of("Name", chart.get("name"), "Version", chart.get("version"),
                "AppVersion", String.valueOf(chart.get("appVersion"))));

        GoTemplate engine = new GoTemplate();
        List<Path> templates;
        try (Stream<Path> s = Files.list(dir.resolve("templates"))) {
            templates = s.sorted().toList();
        }
        for (Path t : templates) {
            if (t.getFileName().toString().endsWith(".tpl")) {
                engine.parse("templates/" + t.getFileName(), Files.readString(t));
            }
        }
        List<Rendered> out = new ArrayList<>();
        for (Path t : templates) {
            String name = "templates/" + t.getFileName();
            if (name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith("NOTES.txt")) {
                out.add(new Rendered(name, engine.render(name, engine.parse(name, Files.readString(t)), root)));
            }
        }
        return out;
    }

    /** The Kubernetes objects of rendered templates (NOTES.txt excluded; empty documents dropped). */
    public static List<JsonNode> objects(List<Rendered> rendered) throws IOException {
        List<JsonNode> objects = new ArrayList<>();
        for (Rendered r : rendered) {
            if (r.template().endsWith("NOTES.txt")) {
                continue;
            }
            try (YAMLParser p = new YAMLFactory().createParser(r.text())) {
                var it = YAML.readValues(p, JsonNode.class);
                while (it.hasNext()) {
                    JsonNode n = it.next();
                    if (n != null && !n.isNull() && !n.isMissingNode() && !(n.isObject() && n.isEmpty())) {
                        objects.add(n);
                    }
                }
            } catch (IOException e) {
                throw new IOException(r.template() + " does not render to valid YAML: " + e.getMessage() + "\n"
                        + r.text(), e);
            }
        }
        return objects;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> child(Map<String, Object> m, String key) {
        Object c = m.get(key);
        if (!(c instanceof Map<?, ?>)) {
            c = new LinkedHashMap<String, Object>();
            m.put(key, c);
        }
        return (Map<String, Object>) c;
    }

    @SuppressWarnings("unchecked")
    private static void merge(Map<String, Object> into, Map<String, Object> from) {
        from.forEach((k, v) -> {
            if (v instanceof Map<?, ?> vm && into.get(k) instanceof Map<?, ?>) {
                merge((Map<String, Object>) into.get(k), (Map<String, Object>) vm);
            } else {
                into.put(k, v);
            }
        });
    }

    static Map<String, Object> readMap(Path f) throws IOException {
        Map<String, Object> m = YAML.readValue(f.toFile(), new TypeReference<LinkedHashMap<String, Object>>() {
        });
        return m == null ? new LinkedHashMap<>() : m;
    }
}
