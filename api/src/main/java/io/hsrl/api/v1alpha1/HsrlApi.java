package io.hsrl.api.v1alpha1;

import io.fabric8.kubernetes.client.CustomResource;

import java.util.List;

/** Constants of the {@code hsrl.io/v1alpha1} API and the condition vocabulary shared by the controllers. */
public final class HsrlApi {
    public static final String GROUP = "hsrl.io";
    public static final String VERSION = "v1alpha1";
    public static final String API_VERSION = GROUP + "/" + VERSION;

    /** Every kind of this API, in pipeline order. */
    public static final List<Class<? extends CustomResource<?, ?>>> KINDS =
            List.of(SemanticIndex.class, HsrlTraining.class, HsrlServing.class, AbExperiment.class);

    // Condition types.
    public static final String READY = "Ready";
    public static final String BUILDING = "Building";
    public static final String DEGRADED = "Degraded";
    public static final String PENDING = "Pending";
    public static final String RUNNING = "Running";
    public static final String COMPLETE = "Complete";
    public static final String FAILED = "Failed";
    public static final String SUSPENDED = "Suspended";
    public static final String PROGRESSING = "Progressing";
    public static final String SAMPLE_RATIO_OK = "SampleRatioOK";
    public static final String SIGNIFICANT = "Significant";
    public static final String GUARDRAILS_OK = "GuardrailsOK";
    public static final String CONCLUDED = "Concluded";

    // Reasons used by more than one controller.
    public static final String REASON_INVALID_SPEC = "InvalidSpec";

    private HsrlApi() {
    }
}
