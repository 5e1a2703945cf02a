package io.hsrl.serving.model;

/** How to run a loaded model: beam width for hsrl decoding, and the compute device (auto, cpu, gpu, gpu:N). */
public record PolicyOptions(int beamWidth, String device) {
    public PolicyOptions {
        if (beamWidth < 1) {
            throw new IllegalArgumentException("hsrl.serving.beam-width must be ≥ 1, was " + beamWidth);
        }
    }
}
