package io.hsrl.core.simulator;

/**
 * The architecture of a user-response model (hsrl-reference.md §2, §9.2): profile dimension P, item feature dimension
 * d_i, slate size K, history length H, width f (16), profile MLP hidden width (256), attention heads (2), dropout (0.2),
 * and whether the ML1M concat layer {@code Lin(2f→f)(concat(i, e_u))} is used.
 */
public record UserResponseShape(int profileDimension, int itemDimension, int slateSize, int historyLength,
                                int featureDimension, int hiddenDimension, int heads, float dropout, boolean concatLayer) {
    public UserResponseShape {
        if (profileDimension < 1 || itemDimension < 1 || slateSize < 1 || historyLength < 1 || featureDimension < 1
                || hiddenDimension < 1 || heads < 1) {
            throw new IllegalArgumentException("user-response model dimensions must be positive: " + this);
        }
        if (featureDimension % heads != 0) {
            throw new IllegalArgumentException("feature dimension " + featureDimension + " is not divisible by "
                    + heads + " attention heads");
        }
        if (dropout < 0 || dropout >= 1) {
            throw new IllegalArgumentException("dropout must be in [0, 1), was " + dropout);
        }
    }

    /** The reference sizes (§9.2) for the given data dimensions. */
    public static UserResponseShape reference(int profileDimension, int itemDimension, int slateSize, int historyLength,
                                              boolean concatLayer) {
        return new UserResponseShape(profileDimension, itemDimension, slateSize, historyLength, 16, 256, 2, 0.2f,
                concatLayer);
    }
}
