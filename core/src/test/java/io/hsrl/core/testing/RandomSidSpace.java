package io.hsrl.core.testing;

import io.hsrl.core.sid.SidSpace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/** A one-to-one SID space over random distinct SIDs, with a plain trie: the tests' stand-in for the index's item map. */
public final class RandomSidSpace implements SidSpace {
    private final int[] vocabulary;
    private final int[][] sids;
    private final Map<String, Integer> itemBySid = new HashMap<>();
    private final Map<String, TreeSet<Integer>> children = new HashMap<>();

    /** A space over the given distinct SIDs (item i has {@code sids[i]}). */
    public RandomSidSpace(int[][] given, int[] vocabulary) {
        this.vocabulary = vocabulary.clone();
        this.sids = new int[given.length][];
        for (int i = 0; i < given.length; i++) {
            put(i, given[i].clone());
        }
    }

    private void put(int i, int[] sid) {
        if (itemBySid.containsKey(Arrays.toString(sid))) {
            throw new IllegalArgumentException("duplicate SID " + Arrays.toString(sid));
        }
        sids[i] = sid;
        itemBySid.put(Arrays.toString(sid), i);
        for (int l = 0; l < sid.length; l++) {
            children.computeIfAbsent(Arrays.toString(Arrays.copyOf(sid, l)), k -> new TreeSet<>()).add(sid[l]);
        }
    }

    public RandomSidSpace(int items, int[] vocabulary, long seed) {
        long capacity = 1;
        for (int v : vocabulary) {
            capacity *= v;
        }
        if (items > capacity) {
            throw new IllegalArgumentException(items + " items do not fit " + capacity + " SIDs");
        }
        this.vocabulary = vocabulary.clone();
        this.sids = new int[items][];
        Random random = new Random(seed);
        for (int i = 0; i < items; i++) {
            int[] sid;
            do {
                sid = new int[vocabulary.length];
                for (int l = 0; l < sid.length; l++) {
                    sid[l] = random.nextInt(vocabulary[l]);
                }
            } while (itemBySid.containsKey(Arrays.toString(sid)));
            put(i, sid);
        }
    }

    @Override
    public int length() {
        return vocabulary.length;
    }

    @Override
    public int vocabulary(int level) {
        return vocabulary[level];
    }

    @Override
    public int items() {
        return sids.length;
    }

    @Override
    public int[] children(int[] prefix, int prefixLength) {
        TreeSet<Integer> c = children.get(Arrays.toString(Arrays.copyOf(prefix, prefixLength)));
        return c == null ? new int[0] : c.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public int item(int[] sid) {
        return itemBySid.getOrDefault(Arrays.toString(sid), -1);
    }

    @Override
    public int[] sid(int item) {
        return sids[item].clone();
    }

    public List<int[]> all() {
        return new ArrayList<>(Arrays.asList(sids));
    }
}
