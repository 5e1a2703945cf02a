package io.hsrl.core.policy;

import java.util.Locale;

/**
 * {@code reference}: behaviour-compatible with the released code (soft residual pass, catalogue scored by the product
 * of level marginals); {@code hsrl}: what the paper describes, coarse-to-fine decoding over the trie
 * (hsrl-reference.md §15).
 */
public enum PolicyMode {
    REFERENCE, HSRL;

    public static PolicyMode parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("mode must be hsrl or reference, was '" + value + "'");
        }
    }

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
