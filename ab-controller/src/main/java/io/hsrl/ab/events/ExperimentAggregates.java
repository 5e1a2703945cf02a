package io.hsrl.ab.events;

import io.hsrl.ab.experiment.Arm;
import io.hsrl.ab.stats.ArmAggregate;

import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Per-experiment, per-arm, per-user totals built from the log. Not thread-safe: the {@link EventStore} guards it. */
final class ExperimentAggregates {
    private final Map<String, EnumMap<Arm, Map<String, long[]>>> counts = new HashMap<>();
    private final Map<String, EnumMap<Arm, Map<String, double[]>>> costs = new HashMap<>();
    /** Per user: pre-experiment exposures and conversions (the latest sent). */
    private final Map<String, EnumMap<Arm, Map<String, long[]>>> covariates = new HashMap<>();

    void apply(LogRecord r) {
        long[] c = counts.computeIfAbsent(r.experiment(), k -> new EnumMap<>(Arm.class))
                .computeIfAbsent(r.arm(), k -> new HashMap<>())
                .computeIfAbsent(r.userId(), k -> new long[3]);
        switch (r.type()) {
            case EXPOSURE -> c[0] += (long) r.value();
            case CLICK -> c[1] += (long) r.value();
            case CONVERSION -> c[2] += (long) r.value();
            case COST -> costs.computeIfAbsent(r.experiment(), k -> new EnumMap<>(Arm.class))
                    .computeIfAbsent(r.arm(), k -> new HashMap<>())
                    .computeIfAbsent(r.userId(), k -> new double[1])[0] += r.value();
            case PRE_EXPOSURES -> covariate(r)[0] = (long) r.value();
            case PRE_CONVERSIONS -> covariate(r)[1] = (long) r.value();
        }
    }

    private long[] covariate(LogRecord r) {
        return covariates.computeIfAbsent(r.experiment(), k -> new EnumMap<>(Arm.class))
                .computeIfAbsent(r.arm(), k -> new HashMap<>())
                .computeIfAbsent(r.userId(), k -> new long[2]);
    }

    /** The arm where the user was exposed (control first if, unusually, both). */
    Optional<Arm> armOf(String experiment, String userId) {
        EnumMap<Arm, Map<String, long[]>> e = counts.get(experiment);
        if (e == null) {
            return Optional.empty();
        }
        for (Arm a : Arm.values()) {
            Map<String, long[]> users = e.get(a);
            if (users != null && users.containsKey(userId)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    Collection<String> experiments() {
        return counts.keySet();
    }

    /** Per-user totals of one arm, sorted by user (stable documents). */
    Map<String, UserTotals> users(String experiment, Arm arm) {
        Map<String, UserTotals> out = new TreeMap<>();
        Map<String, long[]> c = counts.getOrDefault(experiment, new EnumMap<>(Arm.class)).get(arm);
        if (c == null) {
            return out;
        }
        Map<String, double[]> k = costs.getOrDefault(experiment, new EnumMap<>(Arm.class)).getOrDefault(arm, Map.of());
        Map<String, long[]> z = covariates.getOrDefault(experiment, new EnumMap<>(Arm.class)).getOrDefault(arm, Map.of());
        c.forEach((u, v) -> {
            double[] cost = k.get(u);
            long[] pre = z.get(u);
            out.put(u, new UserTotals(v[0], v[1], v[2], cost == null ? 0.0 : cost[0], pre == null ? null : pre[0],
                    pre == null ? null : pre[1]));
        });
        return out;
    }

    void load(ArmUsers doc) {
        load(doc.experiment(), Arm.CONTROL, doc.control());
        load(doc.experiment(), Arm.TREATMENT, doc.treatment());
    }

    private void load(String experiment, Arm arm, Map<String, UserTotals> users) {
        if (users == null) {
            return;
        }
        users.forEach((u, t) -> {
            counts.computeIfAbsent(experiment, k -> new EnumMap<>(Arm.class)).computeIfAbsent(arm, k -> new HashMap<>())
                    .put(u, new long[] {t.exposures(), t.clicks(), t.conversions()});
            if (t.cost() != 0.0) {
                costs.computeIfAbsent(experiment, k -> new EnumMap<>(Arm.class)).computeIfAbsent(arm, k -> new HashMap<>())
                        .put(u, new double[] {t.cost()});
            }
            if (t.preExposures() != null) {
                covariates.computeIfAbsent(experiment, k -> new EnumMap<>(Arm.class))
                        .computeIfAbsent(arm, k -> new HashMap<>())
                        .put(u, new long[] {t.preExposures(), t.preConversions() == null ? 0 : t.preConversions()});
            }
        });
    }

    /** The sums the statistics need, over this replica's users. */
    ArmAggregate aggregate(String experiment, Arm arm) {
        return aggregate(users(experiment, arm));
    }

    static ArmAggregate aggregate(Map<String, UserTotals> users) {
        ArmAggregate.Builder b = ArmAggregate.builder();
        for (UserTotals t : users.values()) {
            if (t.exposures() > 0) {
                b.addUser(t.exposures(), t.clicks(), t.conversions(), t.cost(), t.covariate());
            }
        }
        return b.build();
    }
}
