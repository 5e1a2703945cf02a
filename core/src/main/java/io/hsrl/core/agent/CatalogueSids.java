package io.hsrl.core.agent;

import io.hsrl.core.catalog.ItemTable;
import io.hsrl.core.sid.ItemSidMap;
import io.hsrl.core.sid.SidSpace;

/**
 * An index's SID space re-addressed by the catalogue's dense item indices (the ones the environment uses). Every
 * catalogue item must be indexed: an item without a SID could never be recommended, and the reference's silent
 * (0,0,0) (§13.16) is what this project refuses.
 */
public final class CatalogueSids implements SidSpace {
    private final SidSpace index;
    private final int[] indexOfItem;
    private final int[] itemOfIndex;

    public CatalogueSids(ItemSidMap map, ItemTable items) {
        this.index = map;
        this.indexOfItem = new int[items.size()];
        this.itemOfIndex = new int[map.items()];
        java.util.Arrays.fill(itemOfIndex, -1);
        int missing = 0;
        long example = 0;
        for (int i = 0; i < items.size(); i++) {
            int j = map.indexOf(items.id(i));
            indexOfItem[i] = j;
            if (j < 0) {
                if (missing++ == 0) {
                    example = items.id(i);
                }
            } else {
                itemOfIndex[j] = i;
            }
        }
        if (missing > 0) {
            throw new IllegalArgumentException(missing + " of " + items.size() + " catalogue items (" + items.source()
                    + ") have no Semantic ID in the index, e.g. item id " + example + "; rebuild the index on this catalogue");
        }
    }

    @Override
    public int length() {
        return index.length();
    }

    @Override
    public int vocabulary(int level) {
        return index.vocabulary(level);
    }

    @Override
    public int items() {
        return indexOfItem.length;
    }

    /**
     * Extensions towards items of the catalogue. When the index holds extra items (not in this catalogue), a prefix
     * may only lead to those; decoding then fails loudly rather than return an item the environment does not know.
     */
    @Override
    public int[] children(int[] prefix, int prefixLength) {
        return index.children(prefix, prefixLength);
    }

    @Override
    public int item(int[] sid) {
        int j = index.item(sid);
        return j < 0 ? -1 : itemOfIndex[j];
    }

    @Override
    public int[] sid(int item) {
        return index.sid(indexOfItem[item]);
    }

    /** Whether the index holds exactly the catalogue's items (no extra SIDs to decode into). */
    public boolean exact() {
        return itemOfIndex.length == indexOfItem.length;
    }
}
