package io.hsrl.core.comparison;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** The comparison's summary (mean ± sd over seeds per size × churn × algorithm) and its Markdown table. */
public final class ComparisonTable {
    private ComparisonTable() {
    }

    public static List<Map<String, Object>> summarise(List<Map<String, Object>> rows) {
        Map<String, List<Map<String, Object>>> groups = new LinkedHashMap<>();
        for (Map<String, Object> r : rows) {
            groups.computeIfAbsent(r.get("items") + "/" + r.get("churn") + "/" + r.get("algorithm"), x -> new ArrayList<>()).add(r);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (List<Map<String, Object>> g : groups.values()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("items", g.get(0).get("items"));
            s.put("churn", g.get(0).get("churn"));
            s.put("algorithm", g.get(0).get("algorithm"));
            s.put("seeds", g.size());
            s.put("failed", g.stream().filter(r -> r.containsKey("error")).count());
            put(s, "TotalReward", values(g, "avgTotalReward"));
            put(s, "Depth", values(g, "avgDepth"));
            put(s, "NewItemReward", values(g, "newItemReward"));
            double[] its = values(g, "iterationsPerSecond");
            s.put("iterationsPerSecond", its.length == 0 ? null : mean(its));
            double[] iterations = values(g, "iterations");
            s.put("iterations", iterations.length == 0 ? null : mean(iterations));
            double[] rss = values(g, "rssMiB");
            s.put("rssMiB", rss.length == 0 ? null : max(rss));
            double[] agent = values(g, "agentMiB");
            s.put("agentMiB", agent.length == 0 ? null : mean(agent));
            out.add(s);
        }
        return out;
    }

    private static void put(Map<String, Object> s, String name, double[] v) {
        s.put("mean" + name, v.length == 0 ? null : mean(v));
        s.put("sd" + name, v.length == 0 ? null : sd(v));
    }

    /**
     * One Markdown row per summary entry: items, churn, algorithm, total reward, depth, new-item reward (mean ± sd),
     * iterations and iterations/s (learners), RSS and the agent's share of it.
     */
    public static String markdown(List<Map<String, Object>> summary) {
        StringBuilder b = new StringBuilder();
        b.append("| items | churn | algorithm | total reward | depth | new-item reward | iterations | it/s | RSS MiB (agent) |\n");
        b.append("|---:|---:|---|---|---|---|---:|---:|---:|\n");
        for (Map<String, Object> s : summary) {
            b.append(String.format(Locale.ROOT, "| %,d | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    ((Number) s.get("items")).intValue(), percent((Number) s.get("churn")),
                    s.get("algorithm") + (((Number) s.get("failed")).longValue() == 0 ? "" : " (" + s.get("failed") + " of "
                            + s.get("seeds") + " failed)"),
                    pm(s, "TotalReward", 3), pm(s, "Depth", 2), pm(s, "NewItemReward", 3),
                    number(s.get("iterations"), "%.0f"), number(s.get("iterationsPerSecond"), "%.2f"),
                    number(s.get("rssMiB"), "%.0f") + (s.get("agentMiB") == null ? "" : number(s.get("agentMiB"), " (%+.0f)"))));
        }
        return b.toString();
    }

    private static String percent(Number churn) {
        return String.format(Locale.ROOT, "%s%%", trim(churn.doubleValue() * 100));
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    private static String pm(Map<String, Object> s, String name, int digits) {
        Object m = s.get("mean" + name);
        if (m == null || Double.isNaN(((Number) m).doubleValue())) {
            return "–";
        }
        String f = "%." + digits + "f ± %." + digits + "f";
        return String.format(Locale.ROOT, f, ((Number) m).doubleValue(), ((Number) s.get("sd" + name)).doubleValue());
    }

    private static String number(Object v, String format) {
        return v == null ? "–" : String.format(Locale.ROOT, format, ((Number) v).doubleValue());
    }

    private static double[] values(List<Map<String, Object>> g, String key) {
        return g.stream().map(r -> r.get(key)).filter(Objects::nonNull).mapToDouble(v -> ((Number) v).doubleValue())
                .filter(v -> !Double.isNaN(v)).toArray();
    }

    /** The mean of the per-seed values. */
    public static double mean(double[] a) {
        double s = 0;
        for (double x : a) {
            s += x;
        }
        return s / a.length;
    }

    private static double max(double[] a) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : a) {
            m = Math.max(m, x);
        }
        return m;
    }

    /** The sample standard deviation (n − 1) of the per-seed values; 0 for fewer than two. */
    public static double sd(double[] a) {
        if (a.length < 2) {
            return 0;
        }
        double m = mean(a);
        double s = 0;
        for (double x : a) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (a.length - 1));
    }
}
