/**
 * Custom resource types of the {@code hsrl.io/v1alpha1} API: {@link io.hsrl.api.v1alpha1.SemanticIndex},
 * {@link io.hsrl.api.v1alpha1.HsrlTraining}, {@link io.hsrl.api.v1alpha1.HsrlServing} and
 * {@link io.hsrl.api.v1alpha1.AbExperiment}. The CRDs in {@code crds/} are generated from these classes.
 */
package io.hsrl.api.v1alpha1;
