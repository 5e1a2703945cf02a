package io.hsrl.core.agent;

/**
 * The reference code's bugs (hsrl-reference.md §13), each a switch. {@link #head()} reproduces the released code
 * (HEAD); {@link #none()} is hsrl mode, where all are fixed.
 *
 * @param invertedDoneMask      §13.7: TD target multiplies V(s′) by {@code done} instead of {@code 1 − done}
 * @param trainModeNetworks     §13.9: actor, critic and targets stay in train mode (dropout) when acting and
 *                              computing targets
 * @param paddingFromLastItem   §13.10: replay rebuilds padded history positions with the last item's features
 *                              (id 0 → index −1) while the environment uses zeros
 * @param fixedWarmupSlate      §13.11: warm-up top-K over a uniform π serves one fixed slate to everybody
 * @param referenceVocabulary   §13.14: logits per level (256 in the reference; 0 = the codebook size)
 */
public record ReferenceQuirks(
        boolean invertedDoneMask,
        boolean trainModeNetworks,
        boolean paddingFromLastItem,
        boolean fixedWarmupSlate,
        int referenceVocabulary) {

    public static ReferenceQuirks head() {
        return new ReferenceQuirks(true, true, true, true, 256);
    }

    public static ReferenceQuirks none() {
        return new ReferenceQuirks(false, false, false, false, 0);
    }
}
