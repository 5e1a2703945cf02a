package io.hsrl.system.helm;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A chart directory run through real Helm (helm-java: Helm's own library in-process): {@code helm template} with
 * value files and overrides, {@code helm lint}, and the release notes of a client-only dry-run install.
 */
public final class HelmChart {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern SOURCE = Pattern.compile("(?m)^# Source: [^/]+/(\\S+)\\s*$");

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

    /**
     * {@code helm template <release> <chart> -n <namespace> -f <valueFiles>...} with {@code set}'s dotted paths
     * (lists and maps allowed) as a last values file; CRDs skipped (the chart carries them in crds/).
     */
    public List<Rendered> render(String releaseName, String releaseNamespace, List<Path> valueFiles,
                                 Map<String, Object> set) throws IOException {
        TemplateCommand template = new Helm(dir).template().withName(releaseName).withNamespace(releaseNamespace)
                .skipCrds();
        for (Path f : valueFiles) {
            template.withValuesFile(f);
        }
        if (!set.isEmpty()) {
            template.withValuesFile(overrides(set));
        }
        return split(template.call());
    }

    /** {@code helm lint}. */
    public LintResult lint() {
        return new Helm(dir).lint().call();
    }

    /** The release notes (templates/NOTES.txt) as {@code helm install --dry-run} prints them, without a cluster. */
    public String notes(String releaseName, String releaseNamespace, List<Path> valueFiles) {
        var install = new Helm(dir).install().withName(releaseName).withNamespace(releaseNamespace).clientOnly()
                .dryRun();
        for (Path f : valueFiles) {
            install.withValuesFile(f);
        }
        return install.call().getOutput();
    }

    /** The documents of {@code helm template}'s output, by the template each came from. */
    static List<Rendered> split(String output) {
        List<Rendered> out = new ArrayList<>();
        Matcher m = SOURCE.matcher(output);
        List<int[]> starts = new ArrayList<>();
        List<String> names = new ArrayList<>();
        while (m.find()) {
            starts.add(new int[]{m.start(), m.end()});
            names.add(m.group(1));
        }
        for (int i = 0; i < starts.size(); i++) {
            int end = i + 1 < starts.size() ? starts.get(i + 1)[0] : output.length();
            String text = output.substring(starts.get(i)[1], end).replaceAll("(?m)^---\\s*$", "").strip();
            out.add(new Rendered(names.get(i), text));
        }
        return out;
    }

    /** The Kubernetes objects of rendered templates (empty documents dropped). */
    public static List<JsonNode> objects(List<Rendered> rendered) throws IOException {
        List<JsonNode> objects = new ArrayList<>();
        for (Rendered r : rendered) {
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

    /** Dotted paths ({@code images.operator.tag}) as a values file, so that lists and maps keep their shape. */
    private static Path overrides(Map<String, Object> set) throws IOException {
        Map<String, Object> values = new LinkedHashMap<>();
        set.forEach((path, v) -> {
            Map<String, Object> m = values;
            String[] parts = path.split("\\.");
            for (int i = 0; i < parts.length - 1; i++) {
                m = child(m, parts[i]);
            }
            m.put(parts[parts.length - 1], v);
        });
        Path f = Files.createTempFile("hsrl-values", ".yaml");
        f.toFile().deleteOnExit();
        YAML.writeValue(f.toFile(), values);
        return f;
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

    static Map<String, Object> readMap(Path f) throws IOException {
        Map<String, Object> m = YAML.readValue(f.toFile(), new TypeReference<LinkedHashMap<String, Object>>() {
        });
        return m == null ? new LinkedHashMap<>() : m;
    }
}
