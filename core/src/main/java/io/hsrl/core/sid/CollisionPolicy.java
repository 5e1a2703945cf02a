package io.hsrl.core.sid;

/** How items that the codebook gives the same SID are told apart, so that SID → item is one-to-one (§15). */
public enum CollisionPolicy {
    /** Append a disambiguation token: the item's rank (by quantisation error) among the items sharing its SID. */
    EXTRA_LEVEL("extraLevel"),
    /**
     * Keep the best-fitting item of each shared SID; move each other one to the nearest free code at the last level
     * (under the same prefix), or, when that prefix is full, the nearest free pair of codes at the last two levels.
     */
    REASSIGN("reassign");

    private final String label;

    CollisionPolicy(String label) {
        this.label = label;
    }

    /** The name used on the command line, in specs and in stats.json. */
    public String label() {
        return label;
    }

    public static CollisionPolicy parse(String s) {
        for (CollisionPolicy p : values()) {
            if (p.label.equalsIgnoreCase(s == null ? "" : s.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("collisions must be extraLevel or reassign, was '" + s + "'");
    }
}
