package io.hsrl.local.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The experiment's result as the demo prints it, read from the AbExperiment status: per-arm users, exposures,
 * conversions, CVR and cost; CVR lift and cost delta with their intervals; p-values; the decision.
 */
final class ResultTable {
    private ResultTable() {
    }

    /** A signed percentage, or n/a when the status has none (e.g. SRM not tested below minUsersPerArm). */
    static String pct(JsonNode v) {
        return v.isNumber() ? String.format(Locale.ROOT, "%+.2f%%", v.asDouble()) : "n/a";
    }

    static String num(JsonNode v) {
        return v.isNumber() ? String.format(Locale.ROOT, "%.4f", v.asDouble()) : "n/a";
    }

    /** The experiment's result table, read from its status. */
    static void print(JsonNode exp, PrintStream out) {
        if (exp == null) {
            out.println("error: AbExperiment " + Quickstart.EXPERIMENT + " not found");
            return;
        }
        JsonNode s = exp.path("status");
        out.println();
        out.printf("%-10s %8s %10s %8s %8s %8s %9s %8s %10s %10s %8s%n", "ARM", "USERS", "EXPOSURES", "CLICKS",
                "CONV", "CTR", "PC-CVR", "CVR", "COST", "COST/USER", "CPA");
        for (String arm : List.of("control", "treatment")) {
            JsonNode a = s.path(arm);
            out.printf(Locale.ROOT, "%-10s %8d %10d %8d %8d %7.2f%% %8.2f%% %7.3f%% %10.1f %10.3f %8.3f%n", arm,
                    a.path("users").asLong(), a.path("exposures").asLong(), a.path("clicks").asLong(),
                    a.path("conversions").asLong(), 100 * a.path("ctr").asDouble(), 100 * a.path("postClickCvr").asDouble(),
                    100 * a.path("cvr").asDouble(), a.path("cost").asDouble(), a.path("costPerUser").asDouble(),
                    a.path("costPerConversion").asDouble());
        }
        JsonNode r = s.path("results");
        out.println();
        out.println("CVR lift   " + pct(r.path("cvrLiftPercent")) + "  [" + pct(r.path("cvrLiftLow")) + ", "
                + pct(r.path("cvrLiftHigh")) + "]");
        out.println("cost delta " + pct(r.path("costDeltaPercent")) + "  [" + pct(r.path("costDeltaLow")) + ", "
                + pct(r.path("costDeltaHigh")) + "]");
        for (JsonNode m : r.path("metrics")) {
            String name = m.path("metric").asText();
            if (List.of("ctr", "postClickCvr", "cpa").contains(name)) {
                out.printf(Locale.ROOT, "%-10s %s  [%s, %s]%n", name, pct(m.path("deltaPercent")), pct(m.path("low")),
                        pct(m.path("high")));
            }
        }
        out.println("CUPED variance reduction " + pct(r.path("varianceReductionPercent")) + "  power "
                + num(r.path("power")) + "  users still needed per arm " + r.path("usersStillNeededPerArm").asText("-"));
        out.println("p-value " + num(r.path("pValue")) + "  SRM p-value " + num(r.path("srmPValue")) + "  method "
                + r.path("method").asText("-"));
        out.println("decision: " + s.path("decision").asText("-") + "  " + s.path("summary").asText(""));
    }
}
