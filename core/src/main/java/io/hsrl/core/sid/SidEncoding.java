package io.hsrl.core.sid;

/**
 * A vector quantised through the codebook: one code per level and the squared residual
 * {@code ||x − Σ_l C_l[z_l]||²}.
 */
public record SidEncoding(int[] codes, double squaredError) {
}
