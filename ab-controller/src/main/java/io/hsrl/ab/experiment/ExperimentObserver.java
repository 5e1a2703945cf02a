package io.hsrl.ab.experiment;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.hsrl.api.v1alpha1.AbExperiment;
import io.hsrl.api.v1alpha1.AbExperimentSpec;
import io.hsrl.api.v1alpha1.Conditions;
import io.hsrl.api.v1alpha1.HsrlApi;
import io.hsrl.api.v1alpha1.HsrlServing;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The observe phase of an AbExperiment: the arms' HsrlServings and the events-token Secret, from informers that wake
 * the experiments referring to them (no GET on each pass).
 */
final class ExperimentObserver {
    private static final String SERVING_INDEX = "servingRef";
    private static final String SECRET_INDEX = "eventsTokenSecret";

    private volatile InformerEventSource<HsrlServing, AbExperiment> servings;
    private volatile InformerEventSource<Secret, AbExperiment> secrets;

    /**
     * What one pass starts from: each arm's serving (empty when its reference is unset or names none), and the events
     * token or why it is missing (both null when the spec names no Secret).
     */
    record Observation(Optional<HsrlServing> control, Optional<HsrlServing> treatment, String token,
            String tokenProblem) {
        String controlEndpoint() {
            return control.map(ExperimentObserver::endpoint).orElse(null);
        }

        String treatmentEndpoint() {
            return treatment.map(ExperimentObserver::endpoint).orElse(null);
        }

        /** Why an arm cannot take traffic (the control's first), or null when both are Ready with an endpoint. */
        String servingProblem(AbExperimentSpec spec) {
            String problem = ExperimentObserver.servingProblem(spec.control.servingRef.name, control);
            return problem != null ? problem : ExperimentObserver.servingProblem(spec.treatment.servingRef.name, treatment);
        }
    }

    /** The informers the observations read from: the arms' servings and the labelled token Secrets. */
    List<EventSource<?, AbExperiment>> eventSources(EventSourceContext<AbExperiment> context) {
        // A serving or token Secret that appears, changes or goes wakes the experiments that refer to it.
        context.getPrimaryCache().addIndexer(SERVING_INDEX, x -> servingNames(x).stream()
                .map(n -> x.getMetadata().getNamespace() + "/" + n).toList());
        context.getPrimaryCache().addIndexer(SECRET_INDEX, x -> x.getSpec() == null || x.getSpec().eventsTokenSecret == null
                ? List.of() : List.of(x.getMetadata().getNamespace() + "/" + x.getSpec().eventsTokenSecret));
        var servingConfig = InformerEventSourceConfiguration.from(HsrlServing.class, AbExperiment.class)
                .withName("hsrlservings")
                .withSecondaryToPrimaryMapper((HsrlServing s) -> referring(context, SERVING_INDEX, s))
                .build();
        var secretConfig = InformerEventSourceConfiguration.from(Secret.class, AbExperiment.class)
                .withName("eventstokens")
                .withLabelSelector(AbExperimentReconciler.TOKEN_SECRET_LABEL + "=true")
                .withSecondaryToPrimaryMapper((Secret s) -> referring(context, SECRET_INDEX, s))
                .build();
        servings = new InformerEventSource<>(servingConfig, context);
        secrets = new InformerEventSource<>(secretConfig, context);
        return List.of(servings, secrets);
    }

    Observation observe(AbExperiment abx) {
        AbExperimentSpec spec = abx.getSpec();
        String ns = abx.getMetadata().getNamespace();
        Optional<HsrlServing> control = serving(spec == null ? null : spec.control, ns);
        Optional<HsrlServing> treatment = serving(spec == null ? null : spec.treatment, ns);
        String token = null;
        String tokenProblem = null;
        if (spec != null && spec.eventsTokenSecret != null && !spec.eventsTokenSecret.isBlank()) {
            Secret s = secrets.get(new ResourceID(spec.eventsTokenSecret, ns)).orElse(null);
            String encoded = s == null || s.getData() == null ? null : s.getData().get("token");
            String plain = s == null || s.getStringData() == null ? null : s.getStringData().get("token");
            if (encoded != null) {
                token = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8).trim();
            } else if (plain != null) {
                token = plain.trim();
            }
            if (token == null || token.isEmpty()) {
                token = null;
                tokenProblem = "spec.eventsTokenSecret: Secret " + spec.eventsTokenSecret + " with key 'token' and label "
                        + AbExperimentReconciler.TOKEN_SECRET_LABEL + "=true not found";
            }
        }
        return new Observation(control, treatment, token, tokenProblem);
    }

    private Optional<HsrlServing> serving(io.hsrl.api.v1alpha1.ExperimentArm arm, String namespace) {
        return arm == null || arm.servingRef == null || arm.servingRef.name == null ? Optional.empty()
                : servings.get(new ResourceID(arm.servingRef.name, namespace));
    }

    private static Set<ResourceID> referring(EventSourceContext<AbExperiment> context, String index, HasMetadata o) {
        return context.getPrimaryCache().byIndex(index, o.getMetadata().getNamespace() + "/" + o.getMetadata().getName())
                .stream().map(ResourceID::fromResource).collect(Collectors.toSet());
    }

    private static List<String> servingNames(AbExperiment x) {
        List<String> names = new ArrayList<>();
        AbExperimentSpec spec = x.getSpec();
        if (spec != null && spec.control != null && spec.control.servingRef != null && spec.control.servingRef.name != null) {
            names.add(spec.control.servingRef.name);
        }
        if (spec != null && spec.treatment != null && spec.treatment.servingRef != null
                && spec.treatment.servingRef.name != null) {
            names.add(spec.treatment.servingRef.name);
        }
        return names;
    }

    private static String endpoint(HsrlServing s) {
        return s.getStatus() == null || s.getStatus().endpoint == null || s.getStatus().endpoint.isBlank()
                ? null : s.getStatus().endpoint;
    }

    /** Why an arm's serving cannot take traffic, or null when it is Ready with an endpoint. */
    private static String servingProblem(String name, Optional<HsrlServing> serving) {
        if (serving.isEmpty()) {
            return "HsrlServing " + name + " not found";
        }
        HsrlServing s = serving.get();
        var ready = s.getStatus() == null ? Optional.<Condition>empty()
                : Conditions.find(s.getStatus().conditions, HsrlApi.READY);
        if (ready.isEmpty() || !"True".equals(ready.get().getStatus())) {
            return "HsrlServing " + name + " is not Ready" + ready.map(c -> " (" + c.getReason()
                    + (c.getMessage() == null ? "" : ": " + c.getMessage()) + ")").orElse("");
        }
        if (endpoint(s) == null) {
            return "waiting for the endpoint of HsrlServing " + name;
        }
        return null;
    }
}
