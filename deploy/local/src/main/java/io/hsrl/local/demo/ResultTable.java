package io.hsrl.local.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The experiment's result as the demo prints it, read from the AbExperiment status: per-arm counts (users, exposures,
 * clicks, conversions, cost); then one row per metric — CVR (conversions per exposure, the decision metric by
 * default), cost per exposure (the guardrail), CTR, post-click CVR, CPA and cost per user — with both arms' values,
 * the relative change, its interval and p-value; CUPED, power, SRM and the decision.
 */
final class ResultTable {
    /**
     * The metrics shown, in order: status wire name, label, shown as a percentage (else a number). An exposure is a
     * slate, so clicks and conversions per exposure can exceed 1 and are shown as numbers; post-click CVR is a rate.
     */
    private record Row(String metric, String label, boolean percent) {
    }

    private static final List<Row> ROWS = List.of(
            new Row("cvr", "CVR (conv/exposure)", false),
            new Row("costPerExposure", "cost per exposure", false),
            new Row("ctr", "CTR (clicks/exposure)", false),
            new Row("postClickCvr", "post-click CVR", true),
            new Row("cpa", "CPA (cost/conv)", false),
            new Row("costPerUser", "cost per user", false));

    private ResultTable() {
    }

    /** A signed percentage, or n/a when the status has none (e.g. SRM not tested below minUsersPerArm). */
    static String pct(JsonNode v) {
        return v.isNumber() ? String.format(Locale.ROOT, "%+.2f%%", v.asDouble()) : "n/a";
    }

    static String num(JsonNode v) {
        return v.isNumber() ? String.format(Locale.ROOT, "%.4f", v.asDouble()) : "n/a";
    }

    private static String value(JsonNode v, boolean percent) {
        if (!v.isNumber()) {
            return "n/a";
        }
        return percent ? String.format(Locale.ROOT, "%.2f%%", 100 * v.asDouble())
                : String.format(Locale.ROOT, "%.4f", v.asDouble());
    }

    /** The status's entry for {@code metric} in results.metrics, or a missing node. */
    private static JsonNode metric(JsonNode results, String metric) {
        for (JsonNode m : results.path("metrics")) {
            if (metric.equals(m.path("metric").asText())) {
                return m;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    /** The experiment's result table, read from its status. */
    static void print(JsonNode exp, PrintStream out) {
        if (exp == null) {
            out.println("error: AbExperiment " + Quickstart.EXPERIMENT + " not found");
            return;
        }
        JsonNode s = exp.path("status");
        out.println();
        out.printf("%-10s %8s %10s %8s %8s %12s%n", "ARM", "USERS", "EXPOSURES", "CLICKS", "CONV", "COST");
        for (String arm : List.of("control", "treatment")) {
            JsonNode a = s.path(arm);
            out.printf(Locale.ROOT, "%-10s %8d %10d %8d %8d %12.1f%n", arm, a.path("users").asLong(),
                    a.path("exposures").asLong(), a.path("clicks").asLong(), a.path("conversions").asLong(),
                    a.path("cost").asDouble());
        }
        JsonNode r = s.path("results");
        double confidence = r.path("confidence").asDouble(0.95);
        out.println();
        out.printf(Locale.ROOT, "%-22s %10s %10s %9s  %-22s %7s%n", "METRIC", "CONTROL", "TREATMENT", "CHANGE",
                String.format(Locale.ROOT, "%.0f%% INTERVAL", 100 * confidence), "P");
        for (Row row : ROWS) {
            JsonNode m = metric(r, row.metric());
            JsonNode control = m.path("control").isNumber() ? m.path("control") : s.path("control").path(armField(row));
            JsonNode treatment = m.path("treatment").isNumber() ? m.path("treatment")
                    : s.path("treatment").path(armField(row));
            JsonNode change = m.path("deltaPercent");
            JsonNode low = m.path("low");
            JsonNode high = m.path("high");
            if (!change.isNumber() && row.metric().equals("cvr")) {
                change = r.path("cvrLiftPercent");
                low = r.path("cvrLiftLow");
                high = r.path("cvrLiftHigh");
            } else if (!change.isNumber() && row.metric().equals("costPerExposure")) {
                change = r.path("costDeltaPercent");
                low = r.path("costDeltaLow");
                high = r.path("costDeltaHigh");
            }
            out.printf(Locale.ROOT, "%-22s %10s %10s %9s  %-22s %7s%n", row.label(), value(control, row.percent()),
                    value(treatment, row.percent()), pct(change), "[" + pct(low) + ", " + pct(high) + "]",
                    num(m.path("pValue")));
        }
        out.println();
        out.println("CUPED variance reduction " + pct(r.path("varianceReductionPercent")) + "  power "
                + num(r.path("power")) + "  users still needed per arm " + r.path("usersStillNeededPerArm").asText("-"));
        out.println("primary " + r.path("primaryMetric").asText("cvr") + "  p-value " + num(r.path("pValue"))
                + "  SRM p-value " + num(r.path("srmPValue")) + "  method " + r.path("method").asText("-"));
        out.println("decision: " + s.path("decision").asText("-") + "  " + s.path("summary").asText(""));
    }

    /** The per-arm status field of a metric (ArmStatus names CPA costPerConversion). */
    private static String armField(Row row) {
        return row.metric().equals("cpa") ? "costPerConversion" : row.metric();
    }
}
