package io.hsrl.api.crd;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The generated field reference covers every field of every CRD with what the schema says about it. */
class CrdReferenceTest {
    private static final Path CRDS = Path.of(System.getProperty("hsrl.crds.dir", "../crds"));

    @Test
    void everySchemaFieldHasARowInItsKindsPage() throws Exception {
        Map<String, String> reference = CrdReference.render(CRDS);
        List<Path> files;
        try (var list = Files.list(CRDS)) {
            files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        assertThat(reference).containsKey(CrdReference.INDEX).hasSize(files.size() + 1);
        for (Path f : files) {
            CustomResourceDefinition crd = Serialization.unmarshal(Files.readString(f, StandardCharsets.UTF_8),
                    CustomResourceDefinition.class);
            String kind = crd.getSpec().getNames().getKind();
            String page = reference.get(kind.toLowerCase(java.util.Locale.ROOT) + ".md");
            assertThat(page).as(kind).isNotNull().startsWith("<!-- Generated");
            assertThat(reference.get(CrdReference.INDEX)).contains("[" + kind + "](");
            JSONSchemaProps root = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
            List<String> paths = new ArrayList<>();
            collect("spec", root.getProperties().get("spec"), paths);
            collect("status", root.getProperties().get("status"), paths);
            assertThat(paths).as(kind).hasSizeGreaterThan(5);
            for (String p : paths) {
                assertThat(page).as(kind + " " + p).contains("| `" + p + "` |");
            }
            crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns()
                    .forEach(c -> assertThat(page).contains("| " + c.getName() + " |"));
        }
    }

    @Test
    void rowsCarryTypeDefaultBoundsRulesAndDescription() throws Exception {
        Map<String, String> reference = CrdReference.render(CRDS);
        String index = reference.get("semanticindex.md");
        assertThat(row(index, "spec.levels")).contains("| integer |").contains("`3`").contains("≥ 1; ≤ 8")
                .contains("Number of codebook levels");
        assertThat(row(index, "spec.catalog.uri")).contains("string, *required*").contains("pattern `^(s3://");
        assertThat(row(index, "spec.collisions")).contains("one of `extraLevel`, `reassign`");
        assertThat(row(index, "spec.pod.nodeSelector")).contains("map of strings").contains("entries ≤ ");
        assertThat(row(index, "spec.pod.resources.limits")).contains("map of integers or strings")
                .contains("each value: pattern `");
        assertThat(row(reference.get("hsrlserving.md"), "spec.model"))
                .contains("rule `has(self.trainingRef) != has(self.checkpointUri)`");
    }

    @Test
    void descriptionsStayInOneCellAndShowAngleBracketsAsText() {
        assertThat(CrdReference.text("a | b\n  <name>-index `x<y>|z`"))
                .isEqualTo("a \\| b &lt;name&gt;-index `x<y>\\|z`");
    }

    @Test
    void aStaleOrForeignFileIsReported(@TempDir Path dir) throws Exception {
        Map<String, String> reference = CrdReference.render(CRDS);
        for (Map.Entry<String, String> e : reference.entrySet()) {
            Files.writeString(dir.resolve(e.getKey()), e.getValue());
        }
        assertThat(CrdReference.differences(reference, dir)).isEmpty();
        Files.writeString(dir.resolve("semanticindex.md"), "edited by hand");
        Files.writeString(dir.resolve("old-kind.md"), "left over");
        assertThat(CrdReference.differences(reference, dir)).hasSize(2)
                .anySatisfy(m -> assertThat(m).contains("semanticindex.md differs from the CRDs"))
                .anySatisfy(m -> assertThat(m).contains("old-kind.md is not generated from any CRD"));
    }

    private static String row(String page, String path) {
        return page.lines().filter(l -> l.startsWith("| `" + path + "` |")).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + path));
    }

    /** Every property path below a schema, written the way the reference writes it. */
    private static void collect(String path, JSONSchemaProps p, List<String> out) {
        if (p == null) {
            return;
        }
        if (p.getProperties() != null) {
            p.getProperties().forEach((name, child) -> {
                out.add(path + "." + name);
                collect(path + "." + name, child, out);
            });
        }
        if (p.getItems() != null && p.getItems().getSchema() != null && p.getItems().getSchema().getProperties() != null) {
            p.getItems().getSchema().getProperties().forEach((name, child) -> {
                out.add(path + "[]." + name);
                collect(path + "[]." + name, child, out);
            });
        }
    }
}
