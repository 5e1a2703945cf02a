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

    // Schema bounds shared by several fields.
    /** A Kubernetes object name (DNS-1123 subdomain). */
    public static final int MAX_NAME = 253;
    public static final String DNS_SUBDOMAIN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
    /** An S3 bucket name. */
    public static final String BUCKET = "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$";
    /** A URI of an artefact: s3://bucket/key or an absolute path. */
    public static final int MAX_URI = 1024;
    /** Seeds: int64 in the trainer, bounded by the largest integer a JSON number carries exactly (2^53 - 1). */
    public static final long MAX_SEED = 9007199254740991L;
    /** Deadlines: a year. */
    public static final long MAX_DEADLINE_SECONDS = 31536000L;

    /**
     * Annotation escape hatch of {@code artifacts: Delete}: {@code "true"} lets a deletion finish without removing the
     * artefacts (for example when the object store is gone for good); they are left where they are.
     */
    public static final String ABANDON_ARTIFACTS = "hsrl.io/abandon-artifacts";

    // Reasons used by more than one controller.
    public static final String REASON_INVALID_SPEC = "InvalidSpec";

    private HsrlApi() {
    }
}
