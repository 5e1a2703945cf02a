package io.hsrl.contracts;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InvocationsTest {
    @Test
    void indexArgumentsReadBackToTheSameInvocation() {
        var inv = new IndexInvocation("s3://b/items.npy", ItemVectorFormat.NPY, 4, 64, true, 9, CollisionStrategy.REASSIGN,
                7, "s3://b/out");
        assertThat(inv.toArgs()).startsWith("index", "--catalog", "s3://b/items.npy", "--format", "npy");
        assertThat(IndexInvocation.parse(inv.toArgs())).isEqualTo(inv);
        var unbalanced = new IndexInvocation("/x", ItemVectorFormat.CSV, 1, 2, false, 0, CollisionStrategy.EXTRA_LEVEL,
                1, "/o");
        assertThat(unbalanced.toArgs()).doesNotContain("--balanced", "--kmeans");
        assertThat(IndexInvocation.parse(unbalanced.toArgs())).isEqualTo(unbalanced);
        for (KMeansMode mode : KMeansMode.values()) {
            var withMode = new IndexInvocation("/x", ItemVectorFormat.CSV, 3, 32, true, mode, 5,
                    CollisionStrategy.EXTRA_LEVEL, 25, "/o");
            assertThat(withMode.toArgs()).containsSubsequence("--kmeans", mode.value());
            assertThat(IndexInvocation.parse(withMode.toArgs())).isEqualTo(withMode);
        }
    }

    @Test
    void aBadKMeansModeNamesTheModes() {
        List<String> args = new java.util.ArrayList<>(new IndexInvocation("/x", ItemVectorFormat.CSV, 1, 2, false, 0,
                CollisionStrategy.EXTRA_LEVEL, 1, "/o").toArgs());
        args.addAll(List.of("--kmeans", "fuzzy"));
        assertThatThrownBy(() -> IndexInvocation.parse(args))
                .hasMessage("kmeans must be plain, balanced, reference or separating, was 'fuzzy'");
        assertThat(KMeansMode.parse(" Separating ")).isEqualTo(KMeansMode.SEPARATING);
    }

    @Test
    void indexParserRefusesUnknownOptionsAndNamesMissingOnes() {
        List<String> args = new java.util.ArrayList<>(new IndexInvocation("/x", ItemVectorFormat.CSV, 1, 2, false, 0,
                CollisionStrategy.EXTRA_LEVEL, 1, "/o").toArgs());
        args.addAll(List.of("--colour", "red"));
        assertThatThrownBy(() -> IndexInvocation.parse(args)).hasMessageContaining("--colour");
        assertThatThrownBy(() -> IndexInvocation.parse(List.of("index", "--catalog", "/x")))
                .hasMessageContaining("--format");
    }

    @Test
    void trainArgumentsReadBackToTheSameInvocation() {
        Map<String, String> hp = new LinkedHashMap<>();
        hp.put("actor-lr", "0.00001");
        hp.put("critic-hidden-dims", "256,64");
        var fitting = new TrainInvocation("s3://d/rl4rs", LogFormat.RL4RS, "s3://i/stats.json", Algorithm.DDPG,
                PolicyMode.REFERENCE, 10, 5, 3, "s3://o", true, null, 4, 0.002, 0.0005, hp);
        assertThat(TrainInvocation.parse(fitting.toArgs())).isEqualTo(fitting);
        assertThat(String.join(" ", fitting.toArgs())).contains("--actor-lr 0.00001", "--simulator-l2 0.0005");
        var fitted = new TrainInvocation("/d", LogFormat.CSV, null, Algorithm.RANDOM, PolicyMode.HSRL, 1, 1, 0, "/o",
                false, "s3://sim/urm", null, null, null, Map.of());
        assertThat(fitted.toArgs()).doesNotContain("--index", "--resume", "--simulator-epochs");
        assertThat(TrainInvocation.parse(fitted.toArgs())).isEqualTo(fitted);
    }

    @Test
    void theObjectiveAndItsBudgetReadBack() {
        var conv = new TrainInvocation("/d", LogFormat.CSV, "/i", Algorithm.HSRL, PolicyMode.HSRL, 1, 1, 0, "/o", false,
                "/sim", null, null, null, Map.of(), ObjectiveType.CONVERSIONS, CostBudget.parse("-10%"));
        assertThat(String.join(" ", conv.toArgs())).contains("--objective conversions", "--cost-budget -10%");
        assertThat(TrainInvocation.parse(conv.toArgs())).isEqualTo(conv);
        var plain = new TrainInvocation("/d", LogFormat.CSV, "/i", Algorithm.HSRL, PolicyMode.HSRL, 1, 1, 0, "/o", false,
                "/sim", null, null, null, Map.of());
        assertThat(plain.objective()).isEqualTo(ObjectiveType.ENGAGEMENT);
        assertThat(plain.costBudget()).isEqualTo(CostBudget.DEFAULT);
        List<String> bad = new java.util.ArrayList<>(conv.toArgs());
        bad.set(bad.indexOf("-10%"), "5");
        assertThatThrownBy(() -> TrainInvocation.parse(bad)).hasMessageContaining("--cost-budget");
    }

    @Test
    void aHyperParameterCannotShadowAnOption() {
        assertThatThrownBy(() -> new TrainInvocation("/d", LogFormat.CSV, null, Algorithm.HSRL, PolicyMode.HSRL, 1, 1,
                0, "/o", false, "/sim", null, null, null, Map.of("seed", "1"))).hasMessageContaining("--seed");
    }

    @Test
    void servingEnvironmentReadsBackAndNamesItsProperties() {
        var env = new ServingEnvironment("s3://m/checkpoints/latest.json", "ab".repeat(32), 5, 4);
        assertThat(env.toEnv()).containsEntry("HSRL_SLATE_SIZE", "5").containsEntry("HSRL_BEAM_WIDTH", "4");
        assertThat(ServingEnvironment.fromEnv(env.toEnv())).isEqualTo(env);
        assertThat(ServingEnvironment.properties(env.toEnv())).containsEntry("hsrl.serving.default-slate-size", "5")
                .containsEntry("hsrl.serving.beam-width", "4")
                .containsEntry("hsrl.serving.model-sha256", "ab".repeat(32))
                .containsEntry("hsrl.serving.model-uri", "s3://m/checkpoints/latest.json");
        assertThat(ServingEnvironment.fromEnv(Map.of("HSRL_MODEL_URI", "/m")))
                .isEqualTo(new ServingEnvironment("/m", null, ServingEnvironment.DEFAULT_SLATE_SIZE,
                        ServingEnvironment.DEFAULT_BEAM_WIDTH));
        assertThatThrownBy(() -> ServingEnvironment.fromEnv(Map.of("HSRL_MODEL_URI", "/m", "HSRL_BEAM_WIDTH", "x")))
                .hasMessageContaining("HSRL_BEAM_WIDTH");
    }

    @Test
    void enumsParseTheirWireNamesAndNameTheFieldOtherwise() {
        for (Class<? extends Enum<?>> type : List.of(LogFormat.class, ItemVectorFormat.class, PolicyMode.class,
                Algorithm.class, CollisionStrategy.class)) {
            for (Enum<?> e : type.getEnumConstants()) {
                String wire = ((Names.Named) e).value();
                assertThat(parse(type, wire)).isSameAs(e);
                assertThat(parse(type, wire.toUpperCase())).isSameAs(e);
            }
        }
        assertThatThrownBy(() -> CollisionStrategy.parse("merge"))
                .hasMessage("collisions must be extraLevel or reassign, was 'merge'");
        assertThatThrownBy(() -> LogFormat.parse("xml"))
                .hasMessage("log format must be rl4rs, ml1m, movielens or csv, was 'xml'");
    }

    @Test
    void enumsAreWrittenByTheirWireNamesAndReadCaseInsensitively() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertThat(json.writeValueAsString(PolicyMode.REFERENCE)).isEqualTo("\"reference\"");
        assertThat(json.writeValueAsString(CollisionStrategy.EXTRA_LEVEL)).isEqualTo("\"extraLevel\"");
        assertThat(json.readValue("\"HSRL\"", PolicyMode.class)).isSameAs(PolicyMode.HSRL);
        assertThat(json.readValue("\"ml1m\"", LogFormat.class)).isSameAs(LogFormat.ML1M);
        assertThatThrownBy(() -> json.readValue("\"xml\"", ItemVectorFormat.class))
                .hasMessageContaining("item vector format must be csv, rl4rs or npy");
    }

    private static Enum<?> parse(Class<?> type, String s) {
        try {
            return (Enum<?>) type.getMethod("parse", String.class).invoke(null, s);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
