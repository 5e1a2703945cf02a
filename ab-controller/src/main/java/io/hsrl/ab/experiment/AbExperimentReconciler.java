package io.hsrl.ab.experiment;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hsrl.ab.AbConfig;
import io.hsrl.ab.events.AggregatesLocation;
import io.hsrl.ab.events.ArmUsers;
import io.hsrl.ab.events.EventStore;
import io.hsrl.ab.leadership.StatusLeadership;
import io.hsrl.ab.events.UserTotals;
import io.hsrl.ab.stats.ArmAggregate;
import io.hsrl.ab.stats.ExperimentAnalysis;
import io.hsrl.ab.stats.ExperimentDesign;
import io.hsrl.ab.stats.ExperimentStatistics;
import io.hsrl.ab.stats.GuardrailResult;

import io.hsrl.ab.stats.Power;
import io.hsrl.ab.stats.RatioMetric;
import io.hsrl.ab.stats.RelativeChange;
import io.hsrl.api.v1alpha1.AbExperiment;
import io.hsrl.api.v1alpha1.AbExperimentSpec;
import io.hsrl.api.v1alpha1.AbExperimentStatus;
import io.hsrl.api.v1alpha1.ArmStatus;
import io.hsrl.api.v1alpha1.Decision;
import io.hsrl.api.v1alpha1.ExperimentResults;
import io.hsrl.api.v1alpha1.HsrlApi;
import io.hsrl.api.v1alpha1.MetricResult;
import io.hsrl.api.v1alpha1.RoutingStatus;
import io.hsrl.store.ObjectStore;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.micrometer.core.instrument.MeterRegistry;
import org.jboss.logging.Logger;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The AbExperiment controller: observe ({@link ExperimentObserver}: the arms' HsrlServings and the events-token Secret,
 * from informers that wake the experiments referring to them) → validate ({@link ExperimentValidator}) → route (the
 * registry the data plane reads) → analyse (aggregates of every replica) → record status, conditions and an event
 * on each new decision. Auto-promotion is routing state on the status ({@code routing.promoted}); the spec is never
 * rewritten, so GitOps stays the source of truth. Rescheduled every {@code hsrl.ab.status-interval}.
 *
 * <p>Every replica runs it to keep its routes current (including a promotion, read back from the status); only the
 * holder of the status lease ({@link StatusLeadership}) analyses the merged aggregates and writes status and events.
 */
@ControllerConfiguration(name = "abexperiment")
public class AbExperimentReconciler implements Reconciler<AbExperiment>, Cleaner<AbExperiment> {
    private static final Logger LOG = Logger.getLogger(AbExperimentReconciler.class);
    static final String COMPONENT = "hsrl-ab-controller";
    /**
     * The label an events-token Secret carries: the controller watches only those Secrets (an informer on every Secret
     * of the cluster would cache them all).
     */
    public static final String TOKEN_SECRET_LABEL = "hsrl.io/events-token";

    private final ExperimentRegistry registry;
    private final EventStore store;
    private final AggregatesLocation aggregates;
    private final ObjectStore objects;
    private final AbConfig config;
    private final StatusLeadership leadership;
    private final MeterRegistry metrics;
    private final Map<String, AtomicLong[]> gauges = new ConcurrentHashMap<>();
    private final ExperimentObserver observer = new ExperimentObserver();

    AbExperimentReconciler(ExperimentRegistry registry, EventStore store, AggregatesLocation aggregates,
            ObjectStore objects, AbConfig config, StatusLeadership leadership, MeterRegistry metrics) {
        this.registry = registry;
        this.store = store;
        this.aggregates = aggregates;
        this.objects = objects;
        this.config = config;
        this.leadership = leadership;
        this.metrics = metrics;
    }

    @Override
    public List<EventSource<?, AbExperiment>> prepareEventSources(EventSourceContext<AbExperiment> context) {
        return observer.eventSources(context);
    }

    @Override
    public UpdateControl<AbExperiment> reconcile(AbExperiment abx, Context<AbExperiment> context) {
        KubernetesClient client = context.getClient();
        AbExperimentSpec spec = abx.getSpec();
        String ns = abx.getMetadata().getNamespace();
        ExperimentKey key = new ExperimentKey(ns, abx.getMetadata().getName());
        Long generation = abx.getMetadata().getGeneration();
        AbExperimentStatus previous = abx.getStatus() == null ? new AbExperimentStatus() : abx.getStatus();
        AbExperimentStatus status = copyOf(previous);
        status.observedGeneration = generation;
        // Routing state, running p-value and a conclusion belong to one spec generation.
        boolean sameGeneration = java.util.Objects.equals(generation, previous.observedGeneration);

        // Observe the arms and the events token (from the informers' caches).
        ExperimentObserver.Observation observed = observer.observe(abx);

        // Validate what the schema cannot (or what a server without validation let through).
        ExperimentDesign design;
        try {
            design = ExperimentValidator.design(spec);
        } catch (IllegalArgumentException e) {
            status.setCondition(HsrlApi.READY, false, HsrlApi.REASON_INVALID_SPEC, e.getMessage(), generation);
            registry.remove(key);
            return leadership.isLeader() ? patch(client, abx, previous, status, false) : UpdateControl.noUpdate();
        }
        String controlEndpoint = observed.controlEndpoint();
        String treatmentEndpoint = observed.treatmentEndpoint();
        String token = observed.token();
        String tokenProblem = observed.tokenProblem();

        // Route (auto-promotion is kept in the status' routing state, never in the spec).
        boolean promoted = previous.routing != null && Boolean.TRUE.equals(previous.routing.promoted)
                && sameGeneration;
        int percent = promoted ? 100 : (int) design.treatmentPercent();
        String salt = spec.salt == null || spec.salt.isBlank() ? key.toString() : spec.salt;
        registry.put(new ExperimentRoute(key, salt, percent, controlEndpoint, treatmentEndpoint, token));

        // Ready only while both arms' servings are Ready (with an endpoint) and the token is known.
        String servingProblem = observed.servingProblem(spec);
        boolean ready = servingProblem == null && tokenProblem == null;
        String readyMessage = ready ? "routing " + percent + "% of users to " + spec.treatment.servingRef.name
                : tokenProblem != null ? tokenProblem : servingProblem;
        status.setCondition(HsrlApi.READY, ready, ready ? "Routing" : tokenProblem != null ? "SecretMissing"
                : "ServingNotReady", readyMessage, generation);
        if (!leadership.isLeader()) {
            // Routing is current; the status (and a promotion this replica reads back from it) is the leader's.
            return UpdateControl.<AbExperiment>noUpdate().rescheduleAfter(config.statusInterval());
        }

        // Analyse.
        Instant now = Instant.now();
        if (status.startTime == null) {
            status.startTime = now.truncatedTo(ChronoUnit.SECONDS).toString();
        }
        Duration elapsed = Duration.between(Instant.parse(status.startTime), now);
        ArmAggregate control = aggregate(key, io.hsrl.ab.experiment.Arm.CONTROL);
        ArmAggregate treatment = aggregate(key, io.hsrl.ab.experiment.Arm.TREATMENT);
        ExperimentAnalysis a = ExperimentStatistics.analyse(control, treatment, design, elapsed);

        // A conclusion under the same spec is final (the sequential test stopped); a new generation starts over.
        // The numbers stay live: counts, results and summary always come from this pass's aggregates together.
        boolean wasConcluded = previous.decision != null && previous.decision != Decision.Continue
                && sameGeneration;
        if (wasConcluded && previous.decision != a.decision()) {
            a = a.withDecision(previous.decision, design);
        }
        Decision decision = a.decision();
        status.control = arm(control);
        status.treatment = arm(treatment);
        status.totalUsers = control.users() + treatment.users();
        status.results = results(a);
        status.decision = decision;
        status.summary = a.summary();
        status.lastUpdate = now.truncatedTo(ChronoUnit.SECONDS).toString();
        conditions(status, a, decision, generation);

        if (decision == Decision.PromoteTreatment && Boolean.TRUE.equals(spec.autoPromote) && !promoted) {
            promoted = true;
            percent = 100;
            registry.put(new ExperimentRoute(key, salt, percent, controlEndpoint, treatmentEndpoint, token));
        }
        LOG.debugf("%s generation %s (status had %s): %d%% to treatment, decision %s, promoted %s", key, generation,
                previous.observedGeneration, percent, decision, promoted);
        RoutingStatus routing = new RoutingStatus();
        routing.effectiveTreatmentPercent = percent;
        routing.promoted = promoted;
        routing.fallbacks = Math.max(registry.fallbacks(key), previous.routing != null && previous.routing.fallbacks != null
                && sameGeneration ? previous.routing.fallbacks : 0);
        routing.controlEndpoint = controlEndpoint;
        routing.treatmentEndpoint = treatmentEndpoint;
        status.routing = routing;

        if (decision != Decision.Continue && previous.decision != decision) {
            event(client, abx, decision, status.summary);
        }
        updateGauges(key, control, treatment);
        return patch(client, abx, previous, status, true);
    }

    private UpdateControl<AbExperiment> patch(KubernetesClient client, AbExperiment abx, AbExperimentStatus previous,
            AbExperimentStatus status, boolean reschedule) {
        boolean firstWrite = previous.conditions == null || previous.conditions.isEmpty();
        abx.setStatus(status);
        metrics.counter("hsrl.ab.status.writes", "replica", leadership.identity()).increment();
        if (firstWrite) {
            // The first status of a new resource goes as a JSON merge patch: the computed JSON patch of later
            // updates would address /status/... paths that do not exist yet on the server.
            client.resources(AbExperiment.class).inNamespace(abx.getMetadata().getNamespace()).resource(abx).patchStatus();
            UpdateControl<AbExperiment> u = UpdateControl.noUpdate();
            return reschedule ? u.rescheduleAfter(config.statusInterval()) : u;
        }
        UpdateControl<AbExperiment> u = UpdateControl.patchStatus(abx);
        return reschedule ? u.rescheduleAfter(config.statusInterval()) : u;
    }

    @Override
    public DeleteControl cleanup(AbExperiment abx, Context<AbExperiment> context) {
        registry.remove(new ExperimentKey(abx.getMetadata().getNamespace(), abx.getMetadata().getName()));
        return DeleteControl.defaultDelete();
    }

    /**
     * This replica's per-user totals merged with those the other replicas published: users are summed per user
     * first (a user may have been served by several replicas), then aggregated.
     */
    private ArmAggregate aggregate(ExperimentKey key, io.hsrl.ab.experiment.Arm arm) {
        Map<String, UserTotals> users = new HashMap<>(store.users(key.toString(), arm));
        if (config.uploadAggregates()) {
            String prefix = aggregates.prefix(key.toString());
            String mine = aggregates.uri(key.toString());
            try {
                for (String uri : objects.list(prefix)) {
                    if (uri.equals(mine) || !uri.endsWith(".json")) {
                        continue;
                    }
                    ArmUsers other = EventStore.readAggregates(objects, uri);
                    Map<String, UserTotals> theirs = arm == io.hsrl.ab.experiment.Arm.CONTROL ? other.control() : other.treatment();
                    if (theirs != null) {
                        theirs.forEach((u, t) -> users.merge(u, t, UserTotals::plus));
                    }
                }
            } catch (Exception e) {
                LOG.warnf("aggregates of other replicas of %s unavailable (%s): using this replica's only", key, e.toString());
            }
        }
        ArmAggregate.Builder b = ArmAggregate.builder();
        users.values().stream().filter(t -> t.exposures() > 0)
                .forEach(t -> b.addUser(t.exposures(), t.clicks(), t.conversions(), t.cost(), t.covariate()));
        return b.build();
    }

    private static ArmStatus arm(ArmAggregate a) {
        ArmStatus s = new ArmStatus();
        s.users = a.users();
        s.exposures = a.exposures();
        s.clicks = a.clicks();
        s.conversions = a.conversions();
        s.cost = round(a.cost(), 6);
        s.covariateUsers = a.covariateUsers();
        s.ctr = value(RatioMetric.CTR, a);
        s.postClickCvr = value(RatioMetric.POST_CLICK_CVR, a);
        s.cvr = value(RatioMetric.CVR, a);
        s.costPerExposure = value(RatioMetric.COST_PER_EXPOSURE, a);
        s.costPerUser = value(RatioMetric.COST_PER_USER, a);
        s.costPerConversion = value(RatioMetric.COST_PER_CONVERSION, a);
        return s;
    }

    /** The metric's value in the arm, as the status shows it (null while undefined). */
    static Double value(RatioMetric m, ArmAggregate a) {
        return round(m.value(a), 4);
    }

    static ExperimentResults results(ExperimentAnalysis a) {
        ExperimentResults r = new ExperimentResults();
        r.primaryMetric = a.primary().wireName();
        RelativeChange lift = a.cvrLift();
        if (lift != null) {
            r.cvrLiftPercent = round(lift.percent(), 4);
            r.cvrLiftLow = round(lift.lowPercent(), 4);
            r.cvrLiftHigh = round(lift.highPercent(), 4);
        }
        RelativeChange primary = a.primaryChange();
        if (primary != null) {
            r.pValue = round(primary.pValue(), 4);
            if (primary.adjusted()) {
                r.varianceReductionPercent = round(100 * primary.varianceReduction(), 4);
            }
        }
        r.metrics = new ArrayList<>();
        for (RatioMetric m : RatioMetric.values()) {
            MetricResult mr = new MetricResult();
            mr.metric = m.wireName();
            mr.control = value(m, a.control());
            mr.treatment = value(m, a.treatment());
            RelativeChange c = a.changes().get(m);
            if (c != null) {
                mr.deltaPercent = round(c.percent(), 4);
                mr.low = round(c.lowPercent(), 4);
                mr.high = round(c.highPercent(), 4);
                mr.pValue = round(c.pValue(), 4);
                if (c.adjusted()) {
                    mr.unadjustedDeltaPercent = round(c.unadjustedPercent(), 4);
                    mr.varianceReductionPercent = round(100 * c.varianceReduction(), 4);
                }
            }
            r.metrics.add(mr);
        }
        Power power = a.power();
        if (power != null) {
            long smaller = Math.min(a.control().users(), a.treatment().users());
            r.power = round(power.power(), 4);
            if (power.usersNeededPerArm() != Long.MAX_VALUE) {
                r.usersNeededPerArm = power.usersNeededPerArm();
                r.usersStillNeededPerArm = power.usersStillNeeded(smaller);
            }
        }
        RelativeChange cost = a.costDelta();
        if (cost != null) {
            r.costDeltaPercent = round(cost.percent(), 4);
            r.costDeltaLow = round(cost.lowPercent(), 4);
            r.costDeltaHigh = round(cost.highPercent(), 4);
        }
        if (a.sampleRatio().checked()) {
            r.srmPValue = round(a.sampleRatio().pValue(), 4);
        }
        r.method = a.method();
        r.confidence = a.confidence();
        return r;
    }

    private static void conditions(AbExperimentStatus s, ExperimentAnalysis a, Decision decision, Long generation) {
        if (!a.sampleRatio().checked()) {
            s.setCondition(HsrlApi.SAMPLE_RATIO_OK, true, "NotChecked",
                    "too few users per arm, or a one-armed split, for the sample-ratio test", generation);
        } else {
            s.setCondition(HsrlApi.SAMPLE_RATIO_OK, !a.sampleRatio().mismatch(),
                    a.sampleRatio().mismatch() ? "SampleRatioMismatch" : "SplitAsConfigured",
                    String.format(java.util.Locale.ROOT, "users per arm %d / %d, chi-square p = %.3g",
                            a.control().users(), a.treatment().users(), a.sampleRatio().pValue()), generation);
        }
        RelativeChange lift = a.primaryChange();
        if (lift == null) {
            s.setCondition(HsrlApi.SIGNIFICANT, false, "NotEnoughData", a.primary().wireName()
                    + " is not defined in both arms yet", generation);
        } else {
            boolean sig = lift.pValue() <= 1 - a.confidence();
            s.setCondition(HsrlApi.SIGNIFICANT, sig, sig ? (lift.logRatio() > 0 ? "PositiveLift" : "NegativeLift")
                    : "NotSignificant", String.format(java.util.Locale.ROOT, "%s: p = %.3g (%s)", a.primary().wireName(),
                            lift.pValue(), a.method()), generation);
        }
        if (a.guardrails().isEmpty()) {
            s.setCondition(HsrlApi.GUARDRAILS_OK, true, "NoGuardrails", "no guardrails configured", generation);
        } else if (a.guardrailBreached()) {
            s.setCondition(HsrlApi.GUARDRAILS_OK, false, "Breached", guardrailText(a), generation);
        } else if (a.guardrailsHold()) {
            s.setCondition(HsrlApi.GUARDRAILS_OK, true, "Hold", guardrailText(a), generation);
        } else {
            io.hsrl.api.v1alpha1.Conditions.set(s.conditions, HsrlApi.GUARDRAILS_OK, io.hsrl.api.v1alpha1.Conditions.UNKNOWN,
                    "Undetermined", guardrailText(a), generation);
        }
        boolean concluded = decision != Decision.Continue;
        s.setCondition(HsrlApi.CONCLUDED, concluded, decision.name(), s.summary, generation);
    }

    private static String guardrailText(ExperimentAnalysis a) {
        StringBuilder b = new StringBuilder();
        for (GuardrailResult g : a.guardrails()) {
            if (b.length() > 0) {
                b.append("; ");
            }
            b.append(g.limit().metric().value()).append(' ').append(g.change() == null ? "n/a"
                    : String.format(java.util.Locale.ROOT, "[%+.2f%%, %+.2f%%]", g.change().lowPercent(),
                            g.change().highPercent()));
            if (!Double.isNaN(g.limit().maxRelativeIncreasePercent())) {
                b.append(" vs limit +").append(g.limit().maxRelativeIncreasePercent()).append('%');
            }
            if (!Double.isNaN(g.limit().maxRelativeDecreasePercent())) {
                b.append(" vs limit -").append(g.limit().maxRelativeDecreasePercent()).append('%');
            }
            b.append(": ").append(g.state().name().toLowerCase(java.util.Locale.ROOT));
        }
        return b.toString();
    }

    private void event(KubernetesClient client, AbExperiment abx, Decision decision, String message) {
        try {
            Instant now = Instant.now();
            client.v1().events().inNamespace(abx.getMetadata().getNamespace()).resource(new EventBuilder()
                    .withNewMetadata().withGenerateName(abx.getMetadata().getName() + "-").endMetadata()
                    .withInvolvedObject(new ObjectReferenceBuilder().withApiVersion(HsrlApi.API_VERSION)
                            .withKind("AbExperiment").withName(abx.getMetadata().getName())
                            .withNamespace(abx.getMetadata().getNamespace()).withUid(abx.getMetadata().getUid()).build())
                    .withReason(decision.name()).withMessage(message).withType(decision == Decision.Inconclusive ? "Warning" : "Normal")
                    .withFirstTimestamp(now.toString()).withLastTimestamp(now.toString()).withCount(1)
                    .withNewSource().withComponent(COMPONENT).endSource().build()).create();
        } catch (RuntimeException e) {
            LOG.warnf("could not record the %s event of %s: %s", decision, abx.getMetadata().getName(), e.getMessage());
        }
    }

    private void updateGauges(ExperimentKey key, ArmAggregate control, ArmAggregate treatment) {
        AtomicLong[] g = gauges.computeIfAbsent(key.toString(), k -> {
            AtomicLong[] a = new AtomicLong[4];
            for (int i = 0; i < 4; i++) {
                a[i] = new AtomicLong();
            }
            metrics.gauge("hsrl.ab.arm.users", List.of(io.micrometer.core.instrument.Tag.of("experiment", k),
                    io.micrometer.core.instrument.Tag.of("arm", "control")), a[0]);
            metrics.gauge("hsrl.ab.arm.users", List.of(io.micrometer.core.instrument.Tag.of("experiment", k),
                    io.micrometer.core.instrument.Tag.of("arm", "treatment")), a[1]);
            metrics.gauge("hsrl.ab.arm.conversions", List.of(io.micrometer.core.instrument.Tag.of("experiment", k),
                    io.micrometer.core.instrument.Tag.of("arm", "control")), a[2]);
            metrics.gauge("hsrl.ab.arm.conversions", List.of(io.micrometer.core.instrument.Tag.of("experiment", k),
                    io.micrometer.core.instrument.Tag.of("arm", "treatment")), a[3]);
            return a;
        });
        g[0].set(control.users());
        g[1].set(treatment.users());
        g[2].set(control.conversions());
        g[3].set(treatment.conversions());
    }

    private static AbExperimentStatus copyOf(AbExperimentStatus p) {
        AbExperimentStatus s = new AbExperimentStatus();
        s.conditions = p.conditions == null ? new ArrayList<>() : new ArrayList<>(p.conditions);
        s.startTime = p.startTime;
        s.decision = p.decision;
        s.summary = p.summary;
        s.results = p.results;
        s.control = p.control;
        s.treatment = p.treatment;
        s.totalUsers = p.totalUsers;
        s.routing = p.routing;
        s.lastUpdate = p.lastUpdate;
        return s;
    }

    static Double round(double v, int digits) {
        if (!Double.isFinite(v)) {
            return null;
        }
        if (Math.abs(v) < 1) {
            return new BigDecimal(v).round(new MathContext(digits)).doubleValue();
        }
        return BigDecimal.valueOf(v).setScale(digits, java.math.RoundingMode.HALF_EVEN).doubleValue();
    }

}
