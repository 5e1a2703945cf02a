package io.hsrl.serving.testing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The dot-product model's slate computed directly in Java (double precision), to check the server against. */
public final class Expected {
    private Expected() {
    }

    public static List<Long> slate(TestModels.Published m, long[] history, long[] exclude, int k) {
        int d = m.dimension();
        int n = m.ids().length;
        Map<Long, Integer> index = new HashMap<>();
        for (int i = 0; i < n; i++) {
            index.put(m.ids()[i], i);
        }
        double[] user = new double[d];
        int known = 0;
        for (long id : history) {
            Integer i = index.get(id);
            if (i != null) {
                known++;
                for (int j = 0; j < d; j++) {
                    user[j] += m.embeddings()[i * d + j];
                }
            }
        }
        for (int j = 0; j < d; j++) {
            if (known > 0) {
                user[j] /= known;
            } else {
                for (int i = 0; i < n; i++) {
                    user[j] += m.embeddings()[i * d + j] / (double) n;
                }
            }
        }
        Set<Long> ex = new HashSet<>();
        for (long e : exclude) {
            ex.add(e);
        }
        double[] score = new double[n];
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                score[i] += user[j] * m.embeddings()[i * d + j];
            }
            if (!ex.contains(m.ids()[i])) {
                candidates.add(i);
            }
        }
        candidates.sort(Comparator.comparingDouble((Integer i) -> -score[i]));
        return candidates.subList(0, Math.min(k, candidates.size())).stream().map(i -> m.ids()[i]).toList();
    }
}
