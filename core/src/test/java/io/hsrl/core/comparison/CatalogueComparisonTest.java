package io.hsrl.core.comparison;

import ai.djl.Device;
import io.hsrl.core.agent.AgentConfig;
import io.hsrl.contracts.PolicyMode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CatalogueComparisonTest {
    static AgentConfig tiny() {
        return AgentConfig.defaults(PolicyMode.HSRL).withSizes(4, 8, 500, 16, 9, 10, 16, 2, 1, 32, new int[] {16});
    }

    static CatalogueComparison.Options options(List<Double> churn, long iterations) {
        return new CatalogueComparison.Options(List.of(60), churn, List.of("hsrl", "a2c", "popular", "random"), List.of(1L, 2L),
                iterations, 0, 12, 3, 20, 40, 3, 2, 5, 5, 20, 2);
    }

    @Test
    void smallComparisonGivesAWellFormedTable() {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        CatalogueComparison.Report report = new CatalogueComparison(options(List.of(0.0, 0.1), 6), tiny(), Device.cpu(),
                new PrintStream(log)).run();

        assertThat(report.rows()).hasSize(2 * 4 * 2);
        for (Map<String, Object> row : report.rows()) {
            assertThat(row).containsKeys("items", "churn", "algorithm", "seed", "avgTotalReward", "avgDepth",
                    "newItemReward", "rssMiB", "episodes", "arrived");
            assertThat((double) row.get("avgTotalReward")).isFinite();
            assertThat((long) row.get("episodes")).isEqualTo(12);
            boolean learner = row.get("algorithm").equals("hsrl") || row.get("algorithm").equals("a2c");
            assertThat(row.containsKey("iterationsPerSecond")).isEqualTo(learner);
            if ((double) row.get("churn") > 0) {
                assertThat((int) row.get("arrived")).isPositive();
                assertThat(row.get("newItemReward")).isNotNull();
                assertThat((int) row.get("activeItems")).isEqualTo(60);
                // every algorithm is evaluated on the catalogue after the same churn events: random serves arrivals too
                if (row.get("algorithm").equals("random")) {
                    assertThat((double) row.get("newItemShare")).isPositive();
                }
                if (row.get("algorithm").equals("popular")) {
                    assertThat((double) row.get("newItemShare")).isZero(); // never logged, never popular
                }
            } else {
                assertThat((int) row.get("arrived")).isZero();
                assertThat(row.get("newItemReward")).isNull();
            }
        }
        assertThat(report.summary()).hasSize(2 * 4);
        assertThat(report.summary().get(0)).containsKeys("items", "churn", "algorithm", "seeds", "meanTotalReward",
                "sdTotalReward", "meanDepth", "sdDepth", "meanNewItemReward", "iterationsPerSecond", "rssMiB");

        String md = ComparisonTable.markdown(report.summary());
        String[] lines = md.split("\n");
        assertThat(lines).hasSize(2 + 8);
        assertThat(lines[0]).startsWith("| items | churn | algorithm | total reward | depth | new-item reward");
        assertThat(lines[2]).matches("\\| 60 \\| 0% \\| hsrl \\| -?\\d+\\.\\d{3} ± \\d+\\.\\d{3} \\| .*");
        assertThat(md).contains("| 60 | 10% | random |").contains("| 60 | 10% | a2c |");
        // learners trained to the iteration budget; baselines show no iteration figures
        assertThat(report.summary().stream().filter(s -> s.get("algorithm").equals("a2c")).findFirst().orElseThrow()
                .get("iterations")).isEqualTo(6.0);
        assertThat(md).containsPattern("\\| popular \\| [^|]+ \\| [^|]+ \\| – \\| – \\| – \\|");
    }

    /**
     * Under heavy churn some arrivals find no free Semantic ID (the index cannot encode them). The warm-up's random
     * slates once served those items too, and the first replayed minibatch holding one had no SID path to train on.
     */
    @Test
    void arrivalsWithoutASemanticIdNeverReachTheReplayedMinibatches() {
        CatalogueComparison.Options o = new CatalogueComparison.Options(List.of(60), List.of(0.5), List.of("hsrl"),
                List.of(1L, 2L), 4, 0, 8, 1, 20, 40, 3, 2, 5, 5, 20, 2);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        CatalogueComparison.Report report = new CatalogueComparison(o, tiny(), Device.cpu(), new PrintStream(log)).run();

        assertThat(report.rows()).hasSize(2);
        for (Map<String, Object> row : report.rows()) {
            assertThat(row).doesNotContainKey("error");
            assertThat((int) row.get("unencodable")).as("arrivals without a free SID").isPositive();
            assertThat((long) row.get("iterations")).isEqualTo(4);
            assertThat((double) row.get("avgTotalReward")).isFinite();
            assertThat((long) row.get("episodes")).isEqualTo(8);
        }
    }

    @Test
    void failedRunsAreCountedAndLeftOutOfTheMeans() {
        Map<String, Object> ok = new java.util.LinkedHashMap<>(Map.of("items", 60, "churn", 0.0, "algorithm", "hsrl",
                "seed", 1L, "avgTotalReward", 2.0, "avgDepth", 4.0, "iterations", 10L, "iterationsPerSecond", 5.0));
        Map<String, Object> failed = new java.util.LinkedHashMap<>(Map.of("items", 60, "churn", 0.0, "algorithm", "hsrl",
                "seed", 2L, "error", "the policy produced non-finite logits at level 0"));
        List<Map<String, Object>> summary = ComparisonTable.summarise(List.of(ok, failed));
        assertThat(summary).hasSize(1);
        assertThat(summary.get(0)).containsEntry("seeds", 2).containsEntry("failed", 1L)
                .containsEntry("meanTotalReward", 2.0).containsEntry("sdTotalReward", 0.0);
        assertThat(ComparisonTable.markdown(summary)).contains("| 60 | 0% | hsrl (1 of 2 failed) | 2.000 ± 0.000 | 4.00 ± 0.00 | – | 10 | 5.00 |");
    }

    @Test
    void behaviourCloningRunsOnTheLoggedSlatesWithoutChurn() {
        CatalogueComparison.Options o = new CatalogueComparison.Options(List.of(60), List.of(0.0), List.of("sl"),
                List.of(1L), 5, 0, 8, 3, 20, 40, 3, 2, 5, 5, 20, 0);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        CatalogueComparison.Report report = new CatalogueComparison(o, tiny(), Device.cpu(), new PrintStream(log)).run();

        assertThat(report.rows()).hasSize(1);
        Map<String, Object> row = report.rows().get(0);
        assertThat(row).doesNotContainKey("error").containsEntry("algorithm", "sl");
        assertThat((long) row.get("iterations")).isEqualTo(5);
        assertThat((double) row.get("trainCpuSeconds")).isPositive();
        assertThat((double) row.get("avgTotalReward")).isFinite();
        assertThat((long) row.get("episodes")).isEqualTo(8);
    }

    @Test
    void cloningTheLoggedSlatesNeedsTheBehaviourLossAndRunsWithIt() {
        CatalogueComparison.Options o = new CatalogueComparison.Options(List.of(60), List.of(0.0), List.of("hsrl"),
                List.of(1L), 4, 0, 8, 3, 20, 40, 3, 2, 5, 5, 20, 0);
        PrintStream log = new PrintStream(new ByteArrayOutputStream());
        assertThatThrownBy(() -> new CatalogueComparison(o, tiny(), Device.cpu(), log).cloneLoggedSlates(true).run())
                .hasMessageContaining("behaviorLr");
        CatalogueComparison.Report report = new CatalogueComparison(o, tiny().withBehavior(1e-3, 0), Device.cpu(), log)
                .cloneLoggedSlates(true).run();
        assertThat(report.rows().get(0)).doesNotContainKey("error").containsEntry("iterations", 4L);
    }

    @Test
    void aCpuTimeBudgetEndsTrainingBeforeTheIterationBudget() {
        // a budget of a few milliseconds of the training thread's CPU: far fewer than 10,000 iterations fit in it
        CatalogueComparison.Options o = new CatalogueComparison.Options(List.of(60), List.of(0.0), List.of("hsrl"),
                List.of(1L), 10_000, 0, 8, 3, 20, 40, 3, 2, 5, 5, 20, 0, 0.005);
        CatalogueComparison.Report report = new CatalogueComparison(o, tiny(), Device.cpu(),
                new PrintStream(new ByteArrayOutputStream())).run();
        Map<String, Object> row = report.rows().get(0);
        assertThat(row).doesNotContainKey("error");
        assertThat((long) row.get("iterations")).isBetween(1L, 200L);
        assertThat((double) row.get("trainCpuSeconds")).isGreaterThanOrEqualTo(0.005);
        assertThatThrownBy(() -> new CatalogueComparison.Options(List.of(60), List.of(0.0), List.of("hsrl"), List.of(1L),
                0, 0, 10, 3, 5, 40, 3, 2, 5, 5, 20, 2, -1)).hasMessageContaining("--cpu-seconds");
    }

    @Test
    void badOptionsNameTheFlag() {
        assertThatThrownBy(() -> new CatalogueComparison.Options(List.of(60), List.of(0.0, 0.1), List.of("sl"), List.of(1L),
                5, 0, 10, 3, 5, 40, 3, 2, 5, 5, 20, 2)).hasMessageContaining("--algorithms sl");
        assertThatThrownBy(() -> new CatalogueComparison.Options(List.of(60), List.of(1.5), List.of("hsrl"), List.of(1L),
                5, 0, 10, 3, 5, 40, 3, 2, 5, 5, 20, 2)).hasMessageContaining("--churn");
        assertThatThrownBy(() -> new CatalogueComparison.Options(List.of(60), List.of(0.0), List.of("ddpg"), List.of(1L),
                5, 0, 10, 3, 5, 40, 3, 2, 5, 5, 20, 2)).hasMessageContaining("--algorithms");
        assertThatThrownBy(() -> new CatalogueComparison.Options(List.of(60), List.of(0.0), List.of("hsrl"), List.of(1L),
                0, 0, 10, 3, 5, 40, 3, 2, 5, 5, 20, 2)).hasMessageContaining("--seconds");
    }

    @Test
    void codebookCoversTheCatalogue() {
        assertThat(CatalogueComparison.codebookSize(1_000, 3)).isEqualTo(16);
        assertThat(CatalogueComparison.codebookSize(10_000, 3)).isEqualTo(32);
        assertThat(CatalogueComparison.codebookSize(100_000, 3)).isEqualTo(64);
        assertThat(CatalogueComparison.codebookSize(1_000_000, 3)).isEqualTo(128);
        assertThat(CatalogueComparison.codebookSize(60, 2)).isEqualTo(8);
    }
}
