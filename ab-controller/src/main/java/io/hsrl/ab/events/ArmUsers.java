package io.hsrl.ab.events;

import java.util.Map;

/**
 * Per-user totals of both arms of one experiment, as one replica has them: the document compacted into
 * {@code experiments/<ns>/<name>/aggregates/<replica>.json} and merged by the leader. {@code nextSegment} is the
 * first log segment not covered when written by a compaction, -1 when published between compactions.
 */
public record ArmUsers(int schemaVersion, String experiment, String replica, long nextSegment,
        Map<String, UserTotals> control, Map<String, UserTotals> treatment) {
    public static final int SCHEMA_VERSION = 1;
}
