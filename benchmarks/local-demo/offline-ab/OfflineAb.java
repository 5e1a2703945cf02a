package io.hsrl.local.demo;

import io.hsrl.core.data.SyntheticWorld;
import io.hsrl.serving.model.LoadedPolicy;
import io.hsrl.serving.model.ModelLoader;
import io.hsrl.serving.model.PolicyFactory;
import io.hsrl.serving.model.PolicyOptions;
import io.hsrl.serving.model.SlateRequest;
import io.hsrl.store.ObjectStores;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The demo's experiment without the platform: each model (served by the policy server's own code) meets the same
 * simulated users as SimulatedUsers plays them (GroundTruthUsers visits of up to 5 slates, ending at a slate without
 * a click; a slate converts when any click converted; cost = sum of click costs). Prints per-model metrics.
 * args: items users rowsPerUser simulatedUsers repeats seed beamWidth modelUri...
 */
public final class OfflineAb {
    /** oracle:click ranks by true click probability; oracle:L by p_click·(p_conv − L·cost). */
    static long[] oracle(SyntheticWorld w, int user, long[] historyIds, String spec) {
        int[] hist = new int[historyIds.length];
        for (int i = 0; i < hist.length; i++) {
            hist[i] = w.items().indexOf(historyIds[i]);
        }
        String arg = spec.substring(spec.indexOf(':') + 1);
        boolean click = arg.equals("click");
        double lambda = click ? 0 : Double.parseDouble(arg);
        int n = w.config().items();
        double[] score = new double[n];
        for (int i = 0; i < n; i++) {
            double pc = w.clickProbability(user, i, hist, hist.length);
            score[i] = click ? pc : pc * (w.conversionProbability(user, i) - lambda * w.costPerClick(i));
        }
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        java.util.Arrays.sort(idx, (x, y) -> Double.compare(score[y], score[x]));
        long[] out = new long[9];
        for (int k = 0; k < 9; k++) {
            out[k] = w.items().id(idx[k]);
        }
        return out;
    }

    public static void main(String[] a) throws Exception {
        int items = Integer.parseInt(a[0]), users = Integer.parseInt(a[1]), rows = Integer.parseInt(a[2]);
        int n = Integer.parseInt(a[3]), repeats = Integer.parseInt(a[4]);
        long seed = Long.parseLong(a[5]);
        int beam = Integer.parseInt(a[6]);
        GroundTruthUsers world = GroundTruthUsers.of(SyntheticWorld.Config.generated(items, users, rows, 7));
        int[] picked = world.pick(n);
        System.out.printf("%-50s %6s %7s %7s %6s %7s %7s %8s %8s %8s %7s | %6s %8s %8s %8s%n", "model", "users", "expo", "clicks",
                "conv", "CTR", "pcCVR", "CVR", "cost/exp", "CPA", "exp/usr", "convI", "CVRi", "pcCVRi", "CPAi");
        for (int m = 7; m < a.length; m++) {
            if (a[m].equals("logs")) {
                io.hsrl.core.data.LoggedSlates t = world.world().log(io.hsrl.contracts.LogFormat.RL4RS).train();
                double cl = 0, cv = 0, co = 0;
                for (int r = 0; r < t.rows(); r++) {
                    for (int q = 0; q < t.slateSize(); q++) {
                        cl += t.feedback(r, q);
                        cv += t.conversion(r, q);
                        co += t.cost(r, q);
                    }
                }
                System.out.printf(Locale.ROOT, "logging policy (train rows %d): clicks/exp %.4f conv/exp %.4f cost/exp %.4f pcCVR %.4f CPA %.4f%n",
                        t.rows(), cl / t.rows(), cv / t.rows(), co / t.rows(), cv / cl, co / cv);
                continue;
            }
            try (ObjectStores store = ObjectStores.from(Map.of());
                 LoadedPolicy p = a[m].startsWith("oracle") ? null : PolicyFactory.create(new ModelLoader(store).load(a[m]), store,
                         new PolicyOptions(beam, "cpu"))) {
                long exposures = 0, clicks = 0, conv = 0, convItems = 0;
                double cost = 0;
                // per-user sums for a delta-method-free quick SE: per-user conversions and exposures
                List<double[]> perUser = new ArrayList<>();
                for (int rep = 0; rep < repeats; rep++) {
                    Random rnd = new Random(seed + rep);
                    for (int u = 0; u < picked.length; u++) {
                        GroundTruthUsers.Session s = world.session(picked[u]);
                        double ue = 0, uc = 0, ucost = 0;
                        for (int step = 0; step < Quickstart.SESSION_SLATES; step++) {
                            long[] slate = p != null ? p.recommend(List.of(new SlateRequest("u", s.historyIds(), 9, new long[0])))
                                    .get(0).items() : oracle(world.world(), picked[u], s.historyIds(), a[m]);
                            exposures++;
                            ue++;
                            boolean clicked = false, converted = false;
                            for (GroundTruthUsers.ItemResponse r : s.respond(slate, rnd)) {
                                if (r.clicked()) {
                                    clicked = true;
                                    clicks++;
                                    cost += r.cost();
                                    ucost += r.cost();
                                    converted |= r.converted();
                                    if (r.converted()) { convItems++; }
                                }
                            }
                            if (converted) {
                                conv++;
                                uc++;
                            }
                            if (!clicked) {
                                break;
                            }
                        }
                        perUser.add(new double[] {ue, uc, ucost});
                    }
                }
                System.out.printf(Locale.ROOT, "%-50s %6d %7d %7d %6d %7.3f %7.3f %8.4f %8.4f %8.4f %7.3f | %6d %8.4f %8.4f %8.4f%n",
                        a[m].length() > 50 ? a[m].substring(a[m].length() - 50) : a[m], perUser.size(), exposures, clicks,
                        conv, (double) clicks / exposures, (double) conv / clicks, (double) conv / exposures,
                        cost / exposures, cost / conv, (double) exposures / perUser.size(), convItems,
                        (double) convItems / exposures, (double) convItems / clicks, cost / convItems);
            }
        }
    }
}
