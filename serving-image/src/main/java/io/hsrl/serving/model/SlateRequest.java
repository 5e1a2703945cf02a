package io.hsrl.serving.model;

/**
 * One user's request as the policy sees it: external item ids (unknown ones are the policy's to count and skip),
 * the slate size and the ids that must not be returned.
 */
public record SlateRequest(String userId, long[] history, int slateSize, long[] exclude) {
}
