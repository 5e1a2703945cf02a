package io.hsrl.operator.training;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.hsrl.api.v1alpha1.HsrlTraining;
import io.hsrl.api.v1alpha1.HsrlTrainingSpec;
import io.hsrl.api.v1alpha1.HyperParameters;
import io.hsrl.api.v1alpha1.SimulatorSpec;
import io.hsrl.contracts.TrainInvocation;
import io.hsrl.operator.config.OperatorConfig;
import io.hsrl.operator.workload.WorkloadJob;
import io.hsrl.operator.workload.WorkloadPod;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The trainer Job: the trainer image's {@code train} command, resuming from the newest checkpoint when there is one. */
public final class TrainingJob {
    public static final String COMPONENT = "train";

    private TrainingJob() {
    }

    public static String name(HsrlTraining training) {
        return WorkloadJob.name(training, COMPONENT);
    }

    /**
     * What the trainer is asked to do: the contract with the trainer's {@code train} command. Hyper-parameters
     * become options named after the {@link HyperParameters} fields in kebab case, so that a field added there
     * reaches the trainer without a change here.
     */
    public static TrainInvocation invocation(HsrlTrainingSpec spec, String indexStatsUri, String outPrefix) {
        boolean fitted = spec.simulator != null && spec.simulator.uri != null && !spec.simulator.uri.isBlank();
        // no fitted simulator: the trainer fits one on spec.data first, with these settings
        SimulatorSpec sim = spec.simulator == null ? new SimulatorSpec() : spec.simulator;
        return new TrainInvocation(spec.data.uri, spec.data.format, indexStatsUri, spec.algorithm, spec.mode,
                spec.iterations, spec.checkpointEvery, spec.seed, outPrefix, true,
                fitted ? spec.simulator.uri : null,
                fitted ? null : sim.epochs, fitted ? null : sim.learningRate, fitted ? null : sim.l2,
                hyperParameters(spec.hyperParameters == null ? new HyperParameters() : spec.hyperParameters),
                spec.objective == null ? null : spec.objective.type, costBudget(spec));
    }

    /** spec.objective.costBudget read by the contract's parser (default when absent); the error names the field. */
    public static io.hsrl.contracts.CostBudget costBudget(HsrlTrainingSpec spec) {
        return spec.objective == null || spec.objective.costBudget == null ? null
                : io.hsrl.contracts.CostBudget.parse("spec.objective.costBudget", spec.objective.costBudget);
    }

    /** The container arguments. */
    public static List<String> args(HsrlTrainingSpec spec, String indexStatsUri, String outPrefix) {
        return invocation(spec, indexStatsUri, outPrefix).toArgs();
    }

    static Map<String, String> hyperParameters(HyperParameters hp) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (Field f : HyperParameters.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) || !Modifier.isPublic(f.getModifiers())) {
                continue;
            }
            Object value;
            try {
                value = f.get(hp);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
            if (value == null) {
                continue;
            }
            flags.put(kebab(f.getName()), value instanceof Double d ? TrainInvocation.plain(d) : value.toString());
        }
        return flags;
    }

    /** actorLr → actor-lr, dModel → d-model. */
    static String kebab(String camel) {
        StringBuilder sb = new StringBuilder();
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                sb.append('-').append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    public static Job desired(HsrlTraining training, String indexStatsUri, String outPrefix, Long deadlineSeconds,
            OperatorConfig config) {
        HsrlTrainingSpec spec = training.getSpec();
        var pod = new WorkloadPod("trainer", config.trainerImage(), args(spec, indexStatsUri, outPrefix), spec.pod)
                .objectStoreFrom(spec.objectStore, config)
                .gpus(spec.gpus == null ? 0 : spec.gpus);
        return WorkloadJob.of(training, COMPONENT).backoffLimit(spec.backoffLimit)
                .activeDeadlineSeconds(deadlineSeconds).build(pod, config);
    }
}
