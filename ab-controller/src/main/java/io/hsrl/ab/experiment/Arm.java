package io.hsrl.ab.experiment;

import java.util.Locale;

/** The two arms of an experiment. */
public enum Arm {
    CONTROL, TREATMENT;

    /** Lower-case name used on the wire ("control", "treatment"). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
