package io.hsrl.core.simulator;

/**
 * What the {@link Environment} asks of a simulator: click probabilities for B served slates, and conversion
 * probabilities given a click where the simulator has a conversion model. Two implementations: a
 * fitted user-response model ({@link #of(UserResponseModel)}, hsrl-reference.md §2), which reads only features and
 * profiles, and a synthetic world's ground truth ({@link GroundTruthResponse}), which reads the item and user ids —
 * no fitting, exact for items that arrive later (catalogue churn).
 */
public interface ResponseModel {
    /** Data dimensions: slate size K, history length H, profile P, item features d. */
    UserResponseShape shape();

    /** Whether the simulator's dropout stays on while simulating (the reference quirk); seeds the engine RNG then. */
    default boolean dropoutInSimulation() {
        return false;
    }

    /** Probabilities {@code (B, K)} row-major. */
    float[] clickProbabilities(Exposure exposure);

    /**
     * Conversion probabilities given a click {@code (B, K)} row-major, or null when this simulator has no conversion
     * model of its own (the environment then uses its hand-set {@link ConversionModel}).
     *
     * @param priceZ the slate items' standardised log prices {@code (B, K)} ({@link PriceScale})
     */
    default float[] conversionProbabilities(Exposure exposure, float[] priceZ) {
        return null;
    }

    /** The price scale {@link #conversionProbabilities} expects its z on; null when any (or none) will do. */
    default PriceScale conversionPriceScale() {
        return null;
    }

    /**
     * One step's inputs, row-major host arrays: profiles {@code (B, P)}, history features {@code (B, H, d)}, exposure
     * features {@code (B, K, d)}, the users' ids, history item indices {@code (B, H)} (−1 = padding), slate item
     * indices {@code (B, K)} and the steps already served in each session.
     */
    record Exposure(int batch, float[] profiles, float[] historyFeatures, float[] exposureFeatures, long[] users,
                    int[] historyItems, int[] slateItems, int[] sessionSteps) {
    }

    /** A fitted user-response model as the simulator. */
    static ResponseModel of(UserResponseModel urm) {
        return new ResponseModel() {
            @Override
            public UserResponseShape shape() {
                return urm.shape();
            }

            @Override
            public boolean dropoutInSimulation() {
                return urm.dropoutInSimulation();
            }

            @Override
            public float[] clickProbabilities(Exposure e) {
                return urm.clickProbabilities(e.profiles(), e.historyFeatures(), e.exposureFeatures(), e.batch());
            }

            @Override
            public float[] conversionProbabilities(Exposure e, float[] priceZ) {
                FittedConversionModel c = urm.conversions();
                return c == null ? null
                        : c.probabilities(e.profiles(), e.historyFeatures(), e.exposureFeatures(), priceZ, e.batch());
            }

            @Override
            public PriceScale conversionPriceScale() {
                return urm.conversions() == null ? null : urm.conversions().priceScale();
            }
        };
    }
}
