package io.hsrl.core.sid;

/**
 * The Semantic Action Space as the policy sees it: fixed-length token tuples (SIDs), a vocabulary per level, and which
 * prefixes exist (a trie over the indexed items), so that decoding never leaves the set of valid SIDs
 * (hsrl-reference.md §15). Implemented by the index's item map; tests may implement it directly.
 */
public interface SidSpace {
    /** Tokens per SID (the codebook levels, plus one disambiguation level when collisions were resolved that way). */
    int length();

    /** Vocabulary size at a level (the codebook size K; the disambiguation level's size for the extra level). */
    int vocabulary(int level);

    /** Number of items (= number of valid full SIDs, the map being one-to-one). */
    int items();

    /**
     * Tokens that extend {@code prefix} (its first {@code prefixLength} entries) towards at least one valid SID, in
     * increasing order. An empty prefix gives the valid first tokens.
     */
    int[] children(int[] prefix, int prefixLength);

    /** The item (dense index) whose SID is exactly {@code sid}, or -1 when no item has it. */
    int item(int[] sid);

    /** The SID of an item (dense index); a copy. */
    int[] sid(int item);
}
