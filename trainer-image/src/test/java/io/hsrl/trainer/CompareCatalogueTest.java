package io.hsrl.trainer;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsrl.store.Json;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A small catalogue comparison under churn runs in CI and writes a well-formed JSON and Markdown table. */
@QuarkusMainTest
class CompareCatalogueTest {
    @Test
    void writesJsonAndMarkdownTables(QuarkusMainLauncher launcher, @TempDir Path dir) throws Exception {
        Path json = dir.resolve("compare.json");
        Path md = dir.resolve("compare.md");
        LaunchResult r = launcher.launch("compare", "--catalog-sizes", "60,0.1k", "--churn", "0,0.1",
                "--algorithms", "hsrl,a2c,popular,random", "--seeds", "2", "--iterations", "3", "--episodes", "8",
                "--churn-every", "3", "--users", "30", "--rows-per-user", "2", "--levels", "2", "--max-seq-len", "8",
                "--episode-batch-size", "4", "--batch-size", "8", "--start-timestamp", "16", "--buffer-size", "200",
                "--d-model", "8", "--n-head", "2", "--n-layer", "1", "--d-forward", "16", "--critic-hidden-dims", "8,4",
                "--device", "cpu", "--out", json.toString(), "--markdown", md.toString());
        assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();

        JsonNode root = Json.MAPPER.readTree(Files.readString(json));
        assertThat(root.get("settings").get("iterations").asLong()).isEqualTo(3);
        assertThat(root.get("rows")).hasSize(2 * 2 * 4 * 2);
        assertThat(root.get("summary")).hasSize(2 * 2 * 4);
        for (JsonNode s : root.get("summary")) {
            assertThat(s.get("seeds").asInt()).isEqualTo(2);
            for (String key : List.of("items", "churn", "algorithm", "meanTotalReward", "sdTotalReward", "meanDepth",
                    "sdDepth", "rssMiB")) {
                assertThat(s.has(key)).as(key).isTrue();
            }
            assertThat(s.get("meanTotalReward").isNumber()).isTrue();
            boolean churned = s.get("churn").asDouble() > 0;
            // null values are left out of the JSON: no new-item reward without churn, no iterations for baselines
            assertThat(s.path("meanNewItemReward").isNumber()).isEqualTo(churned);
            boolean learner = s.get("algorithm").asText().equals("hsrl") || s.get("algorithm").asText().equals("a2c");
            assertThat(s.path("iterationsPerSecond").isNumber()).isEqualTo(learner);
        }
        List<String> lines = Files.readAllLines(md);
        assertThat(lines).hasSize(2 + 16);
        assertThat(lines.get(0)).contains("total reward").contains("new-item reward").contains("it/s");
        assertThat(lines).anyMatch(l -> l.startsWith("| 100 | 10% | hsrl | "));
        assertThat(lines).anyMatch(l -> l.startsWith("| 60 | 0% | random | "));
        assertThat(r.getErrorOutput()).contains("| 100 | 10% | a2c | ");
    }

    @Test
    void badSizeIsAUsageError(QuarkusMainLauncher launcher) {
        LaunchResult r = launcher.launch("compare", "--catalog-sizes", "ten", "--iterations", "1");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.getErrorOutput()).contains("--catalog-sizes: 'ten'");
        LaunchResult old = launcher.launch("compare", "--iterations", "1");
        assertThat(old.exitCode()).isEqualTo(2);
        assertThat(old.getErrorOutput()).contains("--data, --format and --simulator are required");
    }
}
