package io.hsrl.operator.workload;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.hsrl.api.v1alpha1.HsrlServing;
import io.hsrl.api.v1alpha1.HsrlServingSpec;
import io.hsrl.api.v1alpha1.HsrlServingStatus;
import io.hsrl.api.v1alpha1.HsrlTraining;
import io.hsrl.api.v1alpha1.HsrlTrainingSpec;
import io.hsrl.api.v1alpha1.SemanticIndex;
import io.hsrl.api.v1alpha1.SemanticIndexSpec;
import io.hsrl.contracts.IndexInvocation;
import io.hsrl.contracts.ServingEnvironment;
import io.hsrl.contracts.TrainInvocation;
import io.hsrl.operator.config.OperatorConfig;
import io.hsrl.operator.index.IndexJob;
import io.hsrl.operator.serving.HsrlServingReconciler;
import io.hsrl.operator.training.TrainingJob;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's half of each workload contract: every field of a custom resource's spec, set to a value unlike its
 * default, reaches the pod the operator builds (the Job's arguments, the Deployment's environment) and reads back
 * through the contract type with the same value; or it is listed here as not the program's business, with the
 * reason. A spec field added without either fails here; the programs' halves (the trainer's picocli commands, the
 * server's configuration) are tested against the same contract types in their modules.
 */
class WorkloadContractsTest {
    static final OperatorConfig CONFIG = new SmallRyeConfigBuilder()
            .withConverter(java.time.Duration.class, 100, new io.quarkus.runtime.configuration.DurationConverter())
            .withMapping(OperatorConfig.class).build()
            .getConfigMapping(OperatorConfig.class);

    @Test
    void everySemanticIndexFieldReachesTheIndexCommand() throws Exception {
        SemanticIndex index = new SemanticIndex();
        index.setMetadata(new ObjectMetaBuilder().withName("items").withNamespace("ns").withGeneration(3L).build());
        Map<String, Object> leaves = Distinct.fill(index.getSpec());
        String out = "s3://hsrl/indexes/ns/items/uid/g3";
        Container c = IndexJob.desired(index, out, CONFIG).getSpec().getTemplate().getSpec().getContainers().get(0);
        IndexInvocation sent = IndexInvocation.parse(c.getArgs());

        Map<String, String> toContract = Map.of("catalog.uri", "catalog", "catalog.format", "format",
                "levels", "levels", "codebookSize", "codebookSize", "balanced", "balanced", "kmeans", "kmeans",
                "seed", "seed", "collisions", "collisions", "iterations", "iterations");
        Map<String, String> notForTheProgram = Map.of(
                "thresholds", "read by the operator against stats.json",
                "artifacts", "the operator's finalizer",
                "objectStore", "HSRL_S3_* from the Secret (WorkloadPod)",
                "pod", "pod overrides (WorkloadPod)");
        assertRoundTrip(leaves, sent, toContract, notForTheProgram, Set.of("out"));
        assertThat(sent.out()).isEqualTo(out);
    }

    @Test
    void everyHsrlTrainingFieldReachesTheTrainCommand() throws Exception {
        for (boolean fittedSimulator : new boolean[]{false, true}) {
            HsrlTraining training = new HsrlTraining();
            training.setMetadata(new ObjectMetaBuilder().withName("rl").withNamespace("ns").withGeneration(2L).build());
            Map<String, Object> leaves = Distinct.fill(training.getSpec());
            if (!fittedSimulator) {
                training.getSpec().simulator.uri = null;
                leaves.remove("simulator.uri");
            }
            String out = "s3://hsrl/trainings/ns/rl/uid";
            String stats = "s3://hsrl/indexes/ns/items/uid/g1/stats.json";
            Container c = TrainingJob.desired(training, stats, out, 600L, CONFIG).getSpec().getTemplate().getSpec()
                    .getContainers().get(0);
            TrainInvocation sent = TrainInvocation.parse(c.getArgs());

            Map<String, String> toContract = new LinkedHashMap<>(Map.of("data.uri", "data", "data.format", "format",
                    "algorithm", "algorithm", "mode", "mode", "iterations", "iterations",
                    "checkpointEvery", "checkpointEvery", "seed", "seed", "objective.type", "objective",
                    "objective.costBudget", "costBudget"));
            Map<String, String> notForTheProgram = new LinkedHashMap<>(Map.of(
                    "semanticIndexRef.name", "resolved by the operator to the index's stats.json (--index)",
                    "gpus", "the container's nvidia.com/gpu limit",
                    "suspend", "the operator creates no Job",
                    "activeDeadlineSeconds", "the Job's activeDeadlineSeconds",
                    "backoffLimit", "the Job's backoffLimit",
                    "artifacts", "the operator's finalizer",
                    "objectStore", "HSRL_S3_* from the Secret (WorkloadPod)",
                    "pod", "pod overrides (WorkloadPod)"));
            if (fittedSimulator) {
                toContract.put("simulator.uri", "simulator");
                for (String unused : List.of("simulator.epochs", "simulator.learningRate", "simulator.l2")) {
                    notForTheProgram.put(unused, "a fitted simulator is not fitted again");
                }
            } else {
                toContract.putAll(Map.of("simulator.epochs", "simulatorEpochs",
                        "simulator.learningRate", "simulatorLearningRate", "simulator.l2", "simulatorL2"));
            }
            Map<String, Object> hyper = new LinkedHashMap<>();
            leaves.entrySet().removeIf(e -> {
                if (e.getKey().startsWith("hyperParameters.")) {
                    hyper.put(e.getKey().substring("hyperParameters.".length()), e.getValue());
                    return true;
                }
                return false;
            });
            Set<String> unmapped = fittedSimulator
                    ? Set.of("out", "index", "resume", "hyperParameters", "simulatorEpochs", "simulatorLearningRate",
                    "simulatorL2")
                    : Set.of("out", "index", "resume", "hyperParameters", "simulator");
            assertRoundTrip(leaves, sent, toContract, notForTheProgram, unmapped);
            assertThat(sent.out()).isEqualTo(out);
            assertThat(sent.index()).isEqualTo(stats);
            assertThat(sent.resume()).isTrue();
            // every hyper-parameter, by its kebab-case option name
            assertThat(sent.hyperParameters().keySet()).hasSameSizeAs(hyper.keySet());
            hyper.forEach((name, value) -> assertThat(sent.hyperParameters().get(kebab(name))).as(name)
                    .isEqualTo(value instanceof Double d ? TrainInvocation.plain(d) : value.toString()));
        }
    }

    @Test
    void everyHsrlServingFieldReachesTheServerEnvironment() throws Exception {
        HsrlServing serving = new HsrlServing();
        serving.setMetadata(new ObjectMetaBuilder().withName("policy").withNamespace("ns").withGeneration(1L).build());
        Map<String, Object> leaves = Distinct.fill(serving.getSpec());
        HsrlServingStatus status = new HsrlServingStatus();
        status.modelUri = "s3://hsrl/trainings/ns/rl/uid/checkpoints/latest.json";
        status.modelSha256 = "cd".repeat(32);
        Map<String, String> env = HsrlServingReconciler.pod(serving.getSpec(), status, CONFIG).getContainers().get(0).getEnv().stream()
                .filter(e -> e.getValue() != null).collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
        ServingEnvironment sent = ServingEnvironment.fromEnv(env);

        Map<String, String> toContract = Map.of("slateSize", "slateSize", "beamWidth", "beamWidth");
        Map<String, String> notForTheProgram = Map.of(
                "model.trainingRef.name", "resolved by the operator to the model URI and digest",
                "model.checkpointUri", "resolved by the operator to the model URI and digest",
                "replicas", "the Deployment's replicas",
                "autoscaling", "the HorizontalPodAutoscaler",
                "objectStore", "HSRL_S3_* from the Secret (WorkloadPod)",
                "pod", "pod overrides (WorkloadPod)");
        assertRoundTrip(leaves, sent, toContract, notForTheProgram, Set.of("modelUri", "modelSha256"));
        assertThat(sent.modelUri()).isEqualTo(status.modelUri);
        assertThat(sent.modelSha256()).isEqualTo(status.modelSha256);
    }

    /**
     * Each spec leaf is mapped to a contract field with its value, or listed as not the program's business; each
     * contract field is mapped from a leaf or supplied by the operator.
     */
    private static void assertRoundTrip(Map<String, Object> leaves, Record sent, Map<String, String> toContract,
            Map<String, String> notForTheProgram, Set<String> operatorSupplied) throws Exception {
        Set<String> unaccounted = new TreeSet<>();
        for (String leaf : leaves.keySet()) {
            boolean excluded = notForTheProgram.keySet().stream().anyMatch(x -> leaf.equals(x) || leaf.startsWith(x + "."));
            if (!excluded && !toContract.containsKey(leaf)) {
                unaccounted.add(leaf);
            }
        }
        assertThat(unaccounted).as("spec fields that reach neither the program nor anything else the operator "
                + "builds: map them in the contract or list them here").isEmpty();
        Map<String, Object> components = new LinkedHashMap<>();
        for (RecordComponent rc : sent.getClass().getRecordComponents()) {
            components.put(rc.getName(), rc.getAccessor().invoke(sent));
        }
        for (Map.Entry<String, String> m : toContract.entrySet()) {
            assertThat(components).as("contract field " + m.getValue()).containsKey(m.getValue());
            assertThat(normal(components.get(m.getValue()))).as(m.getKey() + " → " + m.getValue())
                    .isEqualTo(normal(leaves.get(m.getKey())));
        }
        Set<String> fromNowhere = new TreeSet<>(components.keySet());
        fromNowhere.removeAll(toContract.values());
        fromNowhere.removeAll(operatorSupplied);
        assertThat(fromNowhere).as("contract fields no spec field sets").isEmpty();
    }

    private static Object normal(Object v) {
        if (v instanceof io.hsrl.contracts.CostBudget b) {
            return b.toString();
        }
        if (v instanceof Integer || v instanceof Long) {
            return ((Number) v).longValue();
        }
        return v;
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
    }

    /** Sets every public field of a spec, recursively, to a value unlike its default; returns path → value. */
    static final class Distinct {
        private int n = 1;
        private final Map<String, Object> leaves = new LinkedHashMap<>();

        static Map<String, Object> fill(Object spec) throws Exception {
            Distinct d = new Distinct();
            d.fill("", spec);
            return d.leaves;
        }

        private void fill(String prefix, Object target) throws Exception {
            for (Field f : target.getClass().getFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                String path = prefix + f.getName();
                Class<?> t = f.getType();
                Object current = f.get(target);
                Object value = distinct(t, current, path);
                if (value == NESTED) {
                    Object nested = current != null ? current : t.getDeclaredConstructor().newInstance();
                    f.set(target, nested);
                    fill(path + ".", nested);
                    continue;
                }
                f.set(target, value);
                leaves.put(path, value);
            }
        }

        private static final Object NESTED = new Object();

        private Object distinct(Class<?> t, Object current, String path) {
            int k = n++;
            if (t == Integer.class || t == int.class) {
                return current != null && ((Integer) current) == k + 1 ? k + 2 : k + 1;
            }
            if (t == Long.class || t == long.class) {
                return 1000L + k;
            }
            if (t == Double.class || t == double.class) {
                return 0.0001 * (k + 1);
            }
            if (t == Boolean.class || t == boolean.class) {
                return current == null || !((Boolean) current);
            }
            if (t == String.class && path.endsWith("costBudget")) {
                return "-" + k + "%";
            }
            if (t == String.class) {
                return "s3://bucket/" + path.replace('.', '-');
            }
            if (t.isEnum()) {
                Object[] all = t.getEnumConstants();
                return all[all.length - 1] == current ? all[0] : all[all.length - 1];
            }
            if (t.getPackageName().equals("io.hsrl.api.v1alpha1")) {
                return NESTED;
            }
            // Kubernetes types (resources, tolerations, ...) and maps: pod-level, left as they are
            return current;
        }
    }
}
