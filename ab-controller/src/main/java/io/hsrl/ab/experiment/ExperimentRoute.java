package io.hsrl.ab.experiment;

/**
 * What the router needs to know about one experiment, as the reconciler last saw it.
 *
 * @param effectiveTreatmentPercent the spec's split, or 100 after an auto-promotion
 * @param controlEndpoint           null while the control's HsrlServing has no endpoint
 * @param eventsToken               the experiment's own events token (from its Secret), or null for the default
 */
public record ExperimentRoute(ExperimentKey key, String salt, int effectiveTreatmentPercent, String controlEndpoint,
        String treatmentEndpoint, String eventsToken) {

    public Arm assign(String userId) {
        return ArmAssignment.assign(salt, userId, effectiveTreatmentPercent);
    }

    public String endpoint(Arm arm) {
        return arm == Arm.CONTROL ? controlEndpoint : treatmentEndpoint;
    }
}
