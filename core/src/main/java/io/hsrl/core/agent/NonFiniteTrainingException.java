package io.hsrl.core.agent;

/**
 * A loss, gradient or parameter became NaN or infinite. The message names the tensor (and, once the training loop
 * has added it, the iteration), so that a diverged run says where it diverged instead of failing later in decoding.
 */
public final class NonFiniteTrainingException extends IllegalStateException {
    public NonFiniteTrainingException(String message) {
        super(message);
    }
}
