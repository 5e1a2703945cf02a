package io.hsrl.operator.validation;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.hsrl.api.v1alpha1.HsrlServing;
import io.hsrl.api.v1alpha1.HsrlServingSpec;
import io.hsrl.api.v1alpha1.HsrlTraining;
import io.hsrl.api.v1alpha1.HsrlTrainingSpec;
import io.hsrl.api.v1alpha1.HyperParameters;
import io.hsrl.api.v1alpha1.LenientlyRead;
import io.hsrl.api.v1alpha1.PodOverrides;
import io.hsrl.api.v1alpha1.SemanticIndex;
import io.hsrl.api.v1alpha1.SemanticIndexSpec;
import io.hsrl.operator.config.OperatorConfig;
import io.hsrl.store.S3Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the schema cannot say, checked before any workload is created: an unreadable spec, URIs (see
 * {@link ArtifactUris}), the codebook's size, consistent pod resources, names that must be DNS labels. The first
 * problem found is returned, naming its field; the caller sets {@code Ready=False} with it and creates nothing.
 */
@ApplicationScoped
public class SpecValidator {
    /** A Semantic ID is packed into a 63-bit key: levels × ⌈log2 codebookSize⌉ must fit. */
    public static final int MAX_SID_BITS = 63;
    static final Pattern DNS_1035 = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    static final Pattern QUALIFIED_NAME = Pattern.compile(
            "([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
    static final Set<String> TOLERATION_OPERATORS = Set.of("Exists", "Equal");
    static final Set<String> TOLERATION_EFFECTS = Set.of("NoSchedule", "PreferNoSchedule", "NoExecute");

    private final ArtifactUris uris;

    @Inject
    public SpecValidator(OperatorConfig config) {
        this(new ArtifactUris(config.allowedUriSchemes(), config.objectStore().endpoint().isPresent()
                || !System.getenv().getOrDefault(S3Settings.ENDPOINT, "").isBlank()));
    }

    public SpecValidator(ArtifactUris uris) {
        this.uris = uris;
    }

    public Optional<Invalid> index(SemanticIndex index) {
        SemanticIndexSpec spec = index.getSpec();
        return unreadable(spec)
                .or(() -> spec.catalog == null || spec.catalog.uri == null
                        ? Optional.of(Invalid.spec("spec.catalog.uri", "the item catalogue is required")) : Optional.empty())
                .or(() -> uris.check("spec.catalog.uri", spec.catalog.uri))
                .or(() -> sidBits(spec))
                .or(() -> pod("spec.pod", spec.pod));
    }

    public Optional<Invalid> training(HsrlTraining training) {
        HsrlTrainingSpec spec = training.getSpec();
        return unreadable(spec)
                .or(() -> spec.data == null || spec.data.uri == null
                        ? Optional.of(Invalid.spec("spec.data.uri", "the interaction logs are required")) : Optional.empty())
                .or(() -> uris.check("spec.data.uri", spec.data.uri))
                .or(() -> spec.simulator == null ? Optional.empty() : uris.check("spec.simulator.uri", spec.simulator.uri))
                .or(() -> hyperParameters(spec.hyperParameters))
                .or(() -> objective(spec))
                .or(() -> pod("spec.pod", spec.pod));
    }

    /** The cost budget reads, and a conversions objective has a learner that takes a reward. */
    static Optional<Invalid> objective(HsrlTrainingSpec spec) {
        if (spec.objective == null) {
            return Optional.empty();
        }
        try {
            io.hsrl.operator.training.TrainingJob.costBudget(spec);
        } catch (IllegalArgumentException e) {
            int colon = e.getMessage().indexOf(": ");
            return Optional.of(Invalid.spec("spec.objective.costBudget", e.getMessage().startsWith("spec.objective.costBudget")
                    && colon > 0 ? e.getMessage().substring(colon + 2) : e.getMessage()));
        }
        if (spec.objective.type != io.hsrl.contracts.ObjectiveType.CONVERSIONS && spec.objective.costBudget != null
                && !io.hsrl.contracts.CostBudget.DEFAULT.equals(io.hsrl.operator.training.TrainingJob.costBudget(spec))) {
            // the CRD's CEL rule says so too, where the API server evaluates CEL
            return Optional.of(Invalid.spec("spec.objective.costBudget", "applies to the conversions objective only"));
        }
        io.hsrl.contracts.Algorithm algorithm = spec.algorithm == null ? io.hsrl.contracts.Algorithm.DEFAULT : spec.algorithm;
        if (spec.objective.type == io.hsrl.contracts.ObjectiveType.CONVERSIONS && !algorithm.takesReward()) {
            return Optional.of(Invalid.spec("spec.objective.type", "conversions needs a learner that takes a reward "
                    + "(hsrl, a2c or ddpg); algorithm " + algorithm.value() + " does not"));
        }
        return Optional.empty();
    }

    public Optional<Invalid> serving(HsrlServing serving) {
        HsrlServingSpec spec = serving.getSpec();
        String name = serving.getMetadata().getName();
        return unreadable(spec)
                .or(() -> name.length() > 63 || !DNS_1035.matcher(name).matches()
                        ? Optional.of(Invalid.spec("metadata.name", "the Service '" + name + "' needs a DNS-1035 label: "
                        + "at most 63 lower-case letters, digits and '-', starting with a letter")) : Optional.empty())
                .or(() -> spec.model == null ? Optional.empty() : uris.check("spec.model.checkpointUri", spec.model.checkpointUri))
                .or(() -> spec.autoscaling != null && spec.autoscaling.minReplicas != null
                        && spec.autoscaling.maxReplicas != null && spec.autoscaling.minReplicas > spec.autoscaling.maxReplicas
                        ? Optional.of(Invalid.spec("spec.autoscaling.minReplicas", "must not exceed maxReplicas ("
                        + spec.autoscaling.minReplicas + " > " + spec.autoscaling.maxReplicas + ")")) : Optional.empty())
                .or(() -> pod("spec.pod", spec.pod));
    }

    private static Optional<Invalid> unreadable(Object spec) {
        if (spec instanceof LenientlyRead l && l.unreadable() != null) {
            int colon = l.unreadable().indexOf(": ");
            return Optional.of(Invalid.spec(l.unreadable().substring(0, colon), l.unreadable().substring(colon + 2)));
        }
        return Optional.empty();
    }

    static Optional<Invalid> sidBits(SemanticIndexSpec spec) {
        int k = spec.codebookSize == null ? 256 : spec.codebookSize;
        int levels = spec.levels == null ? 3 : spec.levels;
        int bits = 32 - Integer.numberOfLeadingZeros(Math.max(1, k - 1));
        if ((long) bits * levels > MAX_SID_BITS) {
            return Optional.of(Invalid.spec("spec.codebookSize", "a codebook of " + levels + " levels × " + k
                    + " codes needs " + bits * levels + " bits per Semantic ID; the trainer supports levels × ⌈log2 "
                    + "codebookSize⌉ ≤ " + MAX_SID_BITS + " (for example " + levels + " levels × "
                    + (1 << Math.min(30, MAX_SID_BITS / levels)) + " codes)"));
        }
        return Optional.empty();
    }

    static Optional<Invalid> hyperParameters(HyperParameters hp) {
        if (hp == null) {
            return Optional.empty();
        }
        if (hp.dModel != null && hp.nHead != null && hp.dModel % hp.nHead != 0) {
            return Optional.of(Invalid.spec("spec.hyperParameters.nHead", "the policy width dModel (" + hp.dModel
                    + ") must be a multiple of the attention heads nHead (" + hp.nHead + ")"));
        }
        if (hp.batchSize != null && hp.bufferSize != null && hp.batchSize > hp.bufferSize) {
            return Optional.of(Invalid.spec("spec.hyperParameters.batchSize", "a minibatch of " + hp.batchSize
                    + " cannot be drawn from a replay buffer of " + hp.bufferSize));
        }
        return Optional.empty();
    }

    /** Quantities that parse, requests within limits, tolerations and node selectors as the API server takes them. */
    static Optional<Invalid> pod(String field, PodOverrides pod) {
        if (pod == null) {
            return Optional.empty();
        }
        if (pod.resources != null) {
            Map<String, Quantity> limits = pod.resources.getLimits() == null ? Map.of() : pod.resources.getLimits();
            Map<String, Quantity> requests = pod.resources.getRequests() == null ? Map.of() : pod.resources.getRequests();
            for (var e : limits.entrySet()) {
                Optional<Invalid> bad = quantity(field + ".resources.limits." + e.getKey(), e.getValue());
                if (bad.isPresent()) {
                    return bad;
                }
            }
            for (var e : requests.entrySet()) {
                String f = field + ".resources.requests." + e.getKey();
                Optional<Invalid> bad = quantity(f, e.getValue());
                if (bad.isPresent()) {
                    return bad;
                }
                Quantity limit = limits.get(e.getKey());
                if (limit != null && Quantity.getAmountInBytes(e.getValue())
                        .compareTo(Quantity.getAmountInBytes(limit)) > 0) {
                    return Optional.of(Invalid.spec(f, "the request " + e.getValue() + " exceeds the limit " + limit));
                }
            }
        }
        if (pod.tolerations != null) {
            for (int i = 0; i < pod.tolerations.size(); i++) {
                Toleration t = pod.tolerations.get(i);
                String f = field + ".tolerations[" + i + "]";
                if (t.getOperator() != null && !TOLERATION_OPERATORS.contains(t.getOperator())) {
                    return Optional.of(Invalid.spec(f + ".operator", "must be Exists or Equal, got '" + t.getOperator() + "'"));
                }
                if (t.getEffect() != null && !t.getEffect().isEmpty() && !TOLERATION_EFFECTS.contains(t.getEffect())) {
                    return Optional.of(Invalid.spec(f + ".effect", "must be NoSchedule, PreferNoSchedule or NoExecute"));
                }
                if ("Exists".equals(t.getOperator()) && t.getValue() != null && !t.getValue().isEmpty()) {
                    return Optional.of(Invalid.spec(f + ".value", "must be empty with operator Exists"));
                }
                if (t.getKey() != null && !t.getKey().isEmpty() && !QUALIFIED_NAME.matcher(t.getKey()).matches()) {
                    return Optional.of(Invalid.spec(f + ".key", "'" + t.getKey() + "' is not a qualified name"));
                }
            }
        }
        if (pod.nodeSelector != null) {
            for (String key : pod.nodeSelector.keySet()) {
                if (!QUALIFIED_NAME.matcher(key).matches() || key.length() > 317) {
                    return Optional.of(Invalid.spec(field + ".nodeSelector", "'" + key + "' is not a label key"));
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Invalid> quantity(String field, Quantity q) {
        try {
            BigDecimal amount = Quantity.getAmountInBytes(q);
            if (amount.signum() < 0) {
                return Optional.of(Invalid.spec(field, "must not be negative, got " + q));
            }
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of(Invalid.spec(field, "'" + q + "' is not a quantity (for example 500m, 2, 1Gi)"));
        }
    }
}
