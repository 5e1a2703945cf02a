package io.hsrl.core.data;

import java.util.function.LongPredicate;

/**
 * What the slate logs (RL4RS, ML1M) assemble per row: the slate's item indices, its 0/1 feedback and the user's
 * history, each checked with an error naming the field. The first row fixes the slate size of the file.
 */
final class SlateFields {
    /** Maps a logged item id to its dense index, or fails naming the field. */
    interface ItemIds {
        int index(long id, Fields f, String field) throws LogFormatException;
    }

    private final ItemIds ids;
    private final String slateField;
    private final String feedbackField;
    private int slateSize = -1;

    SlateFields(ItemIds ids, String slateField, String feedbackField) {
        this.ids = ids;
        this.slateField = slateField;
        this.feedbackField = feedbackField;
    }

    /** The slate size, fixed by the first row; −1 before it. */
    int slateSize() {
        return slateSize;
    }

    /** The slate's item indices. */
    int[] slate(long[] logged, Fields f) throws LogFormatException {
        if (slateSize < 0) {
            if (logged.length == 0) {
                throw f.error(slateField + " is empty");
            }
            slateSize = logged.length;
        }
        if (logged.length != slateSize) {
            throw f.error(slateField + " has " + logged.length + " items, earlier rows have " + slateSize
                    + " (all slates of a file must have the same length)");
        }
        int[] slate = new int[slateSize];
        for (int k = 0; k < slateSize; k++) {
            slate[k] = ids.index(logged[k], f, slateField + "[" + k + "]");
        }
        return slate;
    }

    /** The slate's 0/1 feedback, one value per item. */
    float[] feedback(long[] logged, Fields f) throws LogFormatException {
        if (logged.length != slateSize) {
            throw f.error(feedbackField + " has " + logged.length + " values for " + slateSize + " items");
        }
        float[] out = new float[slateSize];
        for (int k = 0; k < slateSize; k++) {
            if (logged[k] != 0 && logged[k] != 1) {
                throw f.error(feedbackField + "[" + k + "] must be 0 or 1, was " + logged[k]);
            }
            out[k] = logged[k];
        }
        return out;
    }

    /** The last {@code length} non-padding ids of a history, as item indices in logged order. */
    int[] history(long[] logged, LongPredicate padding, int length, Fields f, String field) throws LogFormatException {
        int[] at = new int[logged.length];
        int n = 0;
        for (int i = 0; i < logged.length; i++) {
            if (!padding.test(logged[i])) {
                at[n++] = i;
            }
        }
        int from = Math.max(0, n - length);
        int[] out = new int[n - from];
        for (int j = from; j < n; j++) {
            out[j - from] = ids.index(logged[at[j]], f, field + "[" + at[j] + "]");
        }
        return out;
    }
}
