package io.hsrl.api.v1alpha1;

/** What the experiment says to do. */
public enum Decision {
    Continue,
    PromoteTreatment,
    KeepControl,
    Inconclusive
}
