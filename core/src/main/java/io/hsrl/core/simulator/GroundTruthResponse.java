package io.hsrl.core.simulator;

import io.hsrl.core.data.SyntheticWorld;

/**
 * A synthetic world's own click model as the simulator: exact click probabilities from the latent user
 * and item factors, the clicked history and the user's drifting interest, so large-catalogue and churn experiments need
 * no fitted user-response model and items that arrive later respond exactly as the world says. Users are the world's
 * user indices (the logged rows' user ids).
 */
public final class GroundTruthResponse implements ResponseModel {
    private final SyntheticWorld world;
    private final UserResponseShape shape;

    public GroundTruthResponse(SyntheticWorld world) {
        this.world = world;
        SyntheticWorld.Config c = world.config();
        this.shape = UserResponseShape.reference(c.profileDimension(), c.itemDimension(), c.slateSize(), c.historyLength(),
                false);
    }

    @Override
    public UserResponseShape shape() {
        return shape;
    }

    @Override
    public float[] clickProbabilities(Exposure e) {
        int k = shape.slateSize();
        int h = shape.historyLength();
        float[] out = new float[e.batch() * k];
        for (int b = 0; b < e.batch(); b++) {
            int user = Math.toIntExact(e.users()[b]);
            for (int q = 0; q < k; q++) {
                out[b * k + q] = (float) world.clickProbability(user, e.slateItems()[b * k + q], e.historyItems(), b * h, h,
                        e.sessionSteps()[b]);
            }
        }
        return out;
    }
}
