package io.hsrl.core.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * Logged slates, parsed once into flat numeric arrays (the reference re-parses strings on every access, which bounds
 * its URM training at about 170 rows/s, hsrl-reference.md §14). Row {@code r}: the user's profile (already transformed,
 * e.g. {@code log(1+x)} for RL4RS), the history of clicked items before the slate (dense item indices, left-padded with
 * {@link ItemFeatures#PADDING}, last {@code H} kept), the {@code K} exposed items and their feedback.
 * Optional per-exposure conversions and costs (CSV logs, the synthetic generator) are {@code null} when absent.
 */
public final class LoggedSlates {
    private final ItemFeatures features;
    private final int rows;
    private final int slateSize;
    private final int historyLength;
    private final int profileDimension;
    private final long[] users;
    private final long[] timestamps;
    private final int[] slates;
    private final float[] feedback;
    private final float[] conversions;
    private final float[] costs;
    private final int[] history;
    private final float[] profiles;
    private final String source;

    private LoggedSlates(Builder b) {
        this.features = b.features;
        this.rows = b.rows;
        this.slateSize = b.slateSize;
        this.historyLength = b.historyLength;
        this.profileDimension = b.profileDimension;
        this.users = Arrays.copyOf(b.users, rows);
        this.timestamps = Arrays.copyOf(b.timestamps, rows);
        this.slates = Arrays.copyOf(b.slates, rows * slateSize);
        this.feedback = Arrays.copyOf(b.feedback, rows * slateSize);
        this.conversions = b.hasConversions ? Arrays.copyOf(b.conversions, rows * slateSize) : null;
        this.costs = b.hasConversions ? Arrays.copyOf(b.costs, rows * slateSize) : null;
        this.history = Arrays.copyOf(b.history, rows * historyLength);
        this.profiles = Arrays.copyOf(b.profiles, rows * profileDimension);
        this.source = b.source;
    }

    public static Builder builder(ItemFeatures features, int slateSize, int historyLength, int profileDimension, String source) {
        return new Builder(features, slateSize, historyLength, profileDimension, source);
    }

    public ItemFeatures features() {
        return features;
    }

    public int rows() {
        return rows;
    }

    public int slateSize() {
        return slateSize;
    }

    public int historyLength() {
        return historyLength;
    }

    public int profileDimension() {
        return profileDimension;
    }

    public int itemDimension() {
        return features.dimension();
    }

    public String source() {
        return source;
    }

    public long user(int row) {
        return users[row];
    }

    public long timestamp(int row) {
        return timestamps[row];
    }

    public boolean hasConversions() {
        return conversions != null;
    }

    /** Exposed item (dense index) at slate position {@code k} of a row. */
    public int item(int row, int k) {
        return slates[row * slateSize + k];
    }

    public float feedback(int row, int k) {
        return feedback[row * slateSize + k];
    }

    public float conversion(int row, int k) {
        return conversions == null ? 0f : conversions[row * slateSize + k];
    }

    public float cost(int row, int k) {
        return costs == null ? 0f : costs[row * slateSize + k];
    }

    /** History position {@code h} (0 = oldest) of a row; {@link ItemFeatures#PADDING} when empty. */
    public int historyItem(int row, int h) {
        return history[row * historyLength + h];
    }

    /** Copies a row's history ({@code H} indices) into {@code out} at {@code offset}. */
    public void copyHistory(int row, int[] out, int offset) {
        System.arraycopy(history, row * historyLength, out, offset, historyLength);
    }

    /** Copies a row's profile ({@code P} values) into {@code out} at {@code offset}. */
    public void copyProfile(int row, float[] out, int offset) {
        System.arraycopy(profiles, row * profileDimension, out, offset, profileDimension);
    }

    /** Copies a row's slate ({@code K} indices) into {@code out} at {@code offset}. */
    public void copySlate(int row, int[] out, int offset) {
        System.arraycopy(slates, row * slateSize, out, offset, slateSize);
    }

    /** Copies a row's feedback ({@code K} values) into {@code out} at {@code offset}. */
    public void copyFeedback(int row, float[] out, int offset) {
        System.arraycopy(feedback, row * slateSize, out, offset, slateSize);
    }

    /** Mean feedback (click rate) over all exposures. */
    public double clickRate() {
        double s = 0;
        for (float f : feedback) {
            s += f;
        }
        return feedback.length == 0 ? 0 : s / feedback.length;
    }

    /** The given rows, in the given order (a train/validation split). */
    public LoggedSlates select(int[] selected, String selectionSource) {
        Builder b = new Builder(features, slateSize, historyLength, profileDimension, selectionSource);
        int[] slate = new int[slateSize];
        float[] fb = new float[slateSize];
        float[] cv = new float[slateSize];
        float[] cs = new float[slateSize];
        int[] hist = new int[historyLength];
        float[] prof = new float[profileDimension];
        for (int r : selected) {
            Objects.checkIndex(r, rows);
            copySlate(r, slate, 0);
            copyFeedback(r, fb, 0);
            copyHistory(r, hist, 0);
            copyProfile(r, prof, 0);
            if (conversions != null) {
                System.arraycopy(conversions, r * slateSize, cv, 0, slateSize);
                System.arraycopy(costs, r * slateSize, cs, 0, slateSize);
            }
            b.add(users[r], timestamps[r], slate, fb, conversions == null ? null : cv, conversions == null ? null : cs,
                    hist, prof);
        }
        return b.build();
    }

    @Override
    public String toString() {
        return "LoggedSlates[" + source + ": " + rows + " rows, K=" + slateSize + ", H=" + historyLength + ", P="
                + profileDimension + ", d=" + itemDimension() + ", items=" + features.size() + "]";
    }

    /** Accumulates rows; arrays grow geometrically. */
    public static final class Builder {
        private final ItemFeatures features;
        private final int slateSize;
        private final int historyLength;
        private final int profileDimension;
        private final String source;
        private int rows;
        private int capacity = 256;
        private long[] users = new long[capacity];
        private long[] timestamps = new long[capacity];
        private int[] slates;
        private float[] feedback;
        private float[] conversions;
        private float[] costs;
        private int[] history;
        private float[] profiles;
        private boolean hasConversions;

        private Builder(ItemFeatures features, int slateSize, int historyLength, int profileDimension, String source) {
            if (slateSize <= 0 || historyLength <= 0 || profileDimension <= 0) {
                throw new IllegalArgumentException(source + ": slate size, history length and profile dimension must be "
                        + "positive (were " + slateSize + ", " + historyLength + ", " + profileDimension + ")");
            }
            this.features = Objects.requireNonNull(features, "features");
            this.slateSize = slateSize;
            this.historyLength = historyLength;
            this.profileDimension = profileDimension;
            this.source = source;
            slates = new int[capacity * slateSize];
            feedback = new float[capacity * slateSize];
            conversions = new float[capacity * slateSize];
            costs = new float[capacity * slateSize];
            history = new int[capacity * historyLength];
            profiles = new float[capacity * profileDimension];
        }

        public int rows() {
            return rows;
        }

        /**
         * Adds a row. {@code historyTail} may be shorter than {@code H} (it is left-padded) or longer (its last {@code H}
         * are kept); {@code conversions}/{@code costs} null when the log has none (then for every row).
         */
        public Builder add(long user, long timestamp, int[] slate, float[] clicks, float[] conv, float[] cost,
                           int[] historyTail, float[] profile) {
            if (slate.length != slateSize || clicks.length != slateSize) {
                throw new IllegalArgumentException("slate of " + slate.length + " items / " + clicks.length
                        + " feedback values, expected " + slateSize);
            }
            if (profile.length != profileDimension) {
                throw new IllegalArgumentException("profile of " + profile.length + " values, expected " + profileDimension);
            }
            if (rows == capacity) {
                capacity *= 2;
                users = Arrays.copyOf(users, capacity);
                timestamps = Arrays.copyOf(timestamps, capacity);
                slates = Arrays.copyOf(slates, capacity * slateSize);
                feedback = Arrays.copyOf(feedback, capacity * slateSize);
                conversions = Arrays.copyOf(conversions, capacity * slateSize);
                costs = Arrays.copyOf(costs, capacity * slateSize);
                history = Arrays.copyOf(history, capacity * historyLength);
                profiles = Arrays.copyOf(profiles, capacity * profileDimension);
            }
            for (int item : slate) {
                Objects.checkIndex(item, features.size());
            }
            users[rows] = user;
            timestamps[rows] = timestamp;
            System.arraycopy(slate, 0, slates, rows * slateSize, slateSize);
            System.arraycopy(clicks, 0, feedback, rows * slateSize, slateSize);
            if (conv != null) {
                hasConversions = true;
                System.arraycopy(conv, 0, conversions, rows * slateSize, slateSize);
                System.arraycopy(cost, 0, costs, rows * slateSize, slateSize);
            }
            int base = rows * historyLength;
            int n = Math.min(historyTail.length, historyLength);
            Arrays.fill(history, base, base + historyLength - n, ItemFeatures.PADDING);
            System.arraycopy(historyTail, historyTail.length - n, history, base + historyLength - n, n);
            System.arraycopy(profile, 0, profiles, rows * profileDimension, profileDimension);
            rows++;
            return this;
        }

        public LoggedSlates build() {
            return new LoggedSlates(this);
        }
    }
}
