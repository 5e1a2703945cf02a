package io.hsrl.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the Argo CD health script (deploy/gitops/argocd/health.lua) against sample resources with a real Lua 5.4. */
class ArgoHealthChecksTest {
    static final Path ARGO = Programs.ROOT.resolve("deploy/gitops/argocd");

    @TempDir
    Path work;

    @Test
    void scriptsGiveTheExpectedHealthForSampleStatuses() throws Exception {
        Assumptions.assumeTrue(lua() != null, "skipped: no Lua interpreter (apt-get install lua5.4; .ci/run does)");
        JsonNode cases = new ObjectMapper().readTree(Programs.ROOT.resolve("deploy/gitops/testdata/cases.json").toFile());
        List<String> failures = new ArrayList<>();
        int i = 0;
        for (JsonNode c : cases) {
            String got = run(c.get("script").asText(), c.get("obj"), i++);
            String expected = c.get("expect").asText() + "\t" + (c.has("message") ? c.get("message").asText() : "");
            if (c.has("message") ? !got.equals(expected) : !got.startsWith(expected)) {
                failures.add(c.get("obj").path("kind").asText() + " case " + (i - 1) + ": expected " + expected
                        + ", got " + got);
            }
        }
        assertThat(failures).isEmpty();
        assertThat(i).isGreaterThanOrEqualTo(28);
    }

    @Test
    void everyKindHasTheScriptInTheKustomization() throws IOException {
        String k = Files.readString(ARGO.resolve("kustomization.yaml"));
        assertThat(ARGO.resolve("health.lua")).exists();
        for (String kind : List.of("SemanticIndex", "HsrlTraining", "HsrlServing", "AbExperiment")) {
            assertThat(k).contains("resource.customizations.health.hsrl.io_" + kind + "=health.lua");
        }
    }

    private String run(String script, JsonNode obj, int n) throws IOException, InterruptedException {
        Path driver = work.resolve("case" + n + ".lua");
        Files.writeString(driver, "obj = " + toLua(obj) + "\n"
                + "local chunk = assert(loadfile(" + quote(ARGO.resolve(script).toString()) + "))\n"
                + "local hs = chunk()\n"
                + "io.write(hs.status, '\\t', hs.message or '')\n", StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(lua(), driver.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return p.exitValue() == 0 ? out : "error: " + out;
    }

    private static String lua() {
        for (String c : List.of("/usr/bin/lua5.4", "/usr/bin/lua", "/usr/local/bin/lua")) {
            if (Files.isExecutable(Path.of(c))) {
                return c;
            }
        }
        return null;
    }

    /** JSON → Lua table constructor, as Argo CD presents a resource to its scripts. */
    static String toLua(JsonNode n) {
        if (n.isObject()) {
            StringBuilder b = new StringBuilder("{");
            Iterator<Map.Entry<String, JsonNode>> it = n.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                b.append('[').append(quote(e.getKey())).append("]=").append(toLua(e.getValue())).append(',');
            }
            return b.append('}').toString();
        }
        if (n.isArray()) {
            StringBuilder b = new StringBuilder("{");
            n.forEach(x -> b.append(toLua(x)).append(','));
            return b.append('}').toString();
        }
        if (n.isTextual()) {
            return quote(n.asText());
        }
        if (n.isNull()) {
            return "nil";
        }
        return n.toString();
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
