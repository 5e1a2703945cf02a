package io.hsrl.operator.training;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.hsrl.api.v1alpha1.HsrlTraining;
import io.hsrl.api.v1alpha1.HsrlTrainingSpec;
import io.hsrl.api.v1alpha1.HyperParameters;
import io.hsrl.api.v1alpha1.SimulatorSpec;
import io.hsrl.operator.config.OperatorConfig;
import io.hsrl.operator.workload.WorkloadJob;
import io.hsrl.operator.workload.WorkloadPod;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** The trainer Job: the trainer image's {@code train} command, resuming from the newest checkpoint when there is one. */
public final class TrainingJob {
    public static final String COMPONENT = "train";

    private TrainingJob() {
    }

    public static String name(HsrlTraining training) {
        return WorkloadJob.name(training, COMPONENT);
    }

    /**
     * The container arguments: the contract with the trainer's {@code train} command. Hyper-parameters become
     * {@code --kebab-case} flags named after the {@link HyperParameters} fields, so that a field added there reaches
     * the trainer without a change here.
     */
    public static List<String> args(HsrlTrainingSpec spec, String indexStatsUri, String outPrefix) {
        List<String> args = new ArrayList<>(List.of("train",
                "--data", spec.data.uri,
                "--format", spec.data.format.value(),
                "--index", indexStatsUri,
                "--algorithm", spec.algorithm.value(),
                "--mode", spec.mode.value(),
                "--iterations", Integer.toString(spec.iterations),
                "--checkpoint-every", Integer.toString(spec.checkpointEvery),
                "--seed", Long.toString(spec.seed),
                "--out", outPrefix,
                "--resume"));
        if (spec.simulator != null && spec.simulator.uri != null && !spec.simulator.uri.isBlank()) {
            args.add("--simulator");
            args.add(spec.simulator.uri);
        } else {
            // no fitted simulator: the trainer fits one on spec.data first, with these settings
            SimulatorSpec sim = spec.simulator == null ? new SimulatorSpec() : spec.simulator;
            args.addAll(List.of("--simulator-epochs", Integer.toString(sim.epochs),
                    "--simulator-learning-rate", plain(sim.learningRate), "--simulator-l2", plain(sim.l2)));
        }
        args.addAll(hyperParameterFlags(spec.hyperParameters == null ? new HyperParameters() : spec.hyperParameters));
        return args;
    }

    static List<String> hyperParameterFlags(HyperParameters hp) {
        List<String> flags = new ArrayList<>();
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
            flags.add("--" + kebab(f.getName()));
            flags.add(value instanceof Double d ? plain(d)
                    : value.toString());
        }
        return flags;
    }

    /** A decimal as picocli reads it: no exponent, no trailing zeros (1e-5 → 0.00001). */
    static String plain(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
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
