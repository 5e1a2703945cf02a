package io.hsrl.core.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns per-exposure events into slates, for logs that have no slate structure (raw MovieLens, generic CSV): each
 * user's events are ordered by timestamp (ties keep file order), cut into consecutive chunks of {@code K}, and every
 * chunk becomes one slate; a final chunk shorter than {@code K} is dropped. The history of a slate is the clicked items
 * of the user's earlier slates, in order (last {@code H} kept), as the environment builds it (§3).
 */
final class SlateAssembler {
    private final Map<Long, List<int[]>> byUser = new LinkedHashMap<>();
    private final List<long[]> times = new ArrayList<>();
    private final List<float[]> values = new ArrayList<>();
    private int events;
    private int dropped;

    /** One exposure; {@code item} is a dense index. */
    void add(long user, int item, long timestamp, float click, float conversion, float cost) {
        byUser.computeIfAbsent(user, u -> new ArrayList<>()).add(new int[]{item, events});
        times.add(new long[]{timestamp});
        values.add(new float[]{click, conversion, cost});
        events++;
    }

    int events() {
        return events;
    }

    /** Events dropped because they did not fill a last slate. */
    int dropped() {
        return dropped;
    }

    List<Long> users() {
        return new ArrayList<>(byUser.keySet());
    }

    interface Profiles {
        float[] of(long user, int slateIndex, int[] history, int historyCount);
    }

    LoggedSlates build(ItemFeatures features, int slateSize, int historyLength, int profileDim, boolean withConversions,
                       Profiles profiles, String source) throws LogFormatException {
        LoggedSlates.Builder b = LoggedSlates.builder(features, slateSize, historyLength, profileDim, source);
        dropped = 0;
        for (Map.Entry<Long, List<int[]>> e : byUser.entrySet()) {
            List<int[]> ev = e.getValue();
            ev.sort((x, y) -> {
                int c = Long.compare(times.get(x[1])[0], times.get(y[1])[0]);
                return c != 0 ? c : Integer.compare(x[1], y[1]);
            });
            int full = ev.size() / slateSize;
            dropped += ev.size() - full * slateSize;
            int[] history = new int[0];
            for (int s = 0; s < full; s++) {
                int[] slate = new int[slateSize];
                float[] clicks = new float[slateSize];
                float[] conv = new float[slateSize];
                float[] cost = new float[slateSize];
                long ts = 0;
                for (int k = 0; k < slateSize; k++) {
                    int[] x = ev.get(s * slateSize + k);
                    slate[k] = x[0];
                    float[] v = values.get(x[1]);
                    clicks[k] = v[0];
                    conv[k] = v[1];
                    cost[k] = v[2];
                    ts = times.get(x[1])[0];
                }
                float[] profile = profiles.of(e.getKey(), s, history, history.length);
                b.add(e.getKey(), ts, slate, clicks, withConversions ? conv : null, withConversions ? cost : null,
                        history, profile);
                int clicked = 0;
                for (float c : clicks) {
                    clicked += c == 1 ? 1 : 0;
                }
                int[] next = Arrays.copyOf(history, history.length + clicked);
                int at = history.length;
                for (int k = 0; k < slateSize; k++) {
                    if (clicks[k] == 1) {
                        next[at++] = slate[k];
                    }
                }
                history = next.length > historyLength ? Arrays.copyOfRange(next, next.length - historyLength, next.length) : next;
            }
        }
        if (b.rows() == 0) {
            throw new LogFormatException(source, "no complete slate of " + slateSize + " exposures for any user ("
                    + events + " events)");
        }
        return b.build();
    }
}
