package io.hsrl.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Size;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

import java.util.ArrayList;
import java.util.List;

/** The two arms, the split, and the statistical rules of the experiment. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.control.servingRef.name != self.treatment.servingRef.name",
        message = "control and treatment must be different HsrlServings")
public class AbExperimentSpec {
    @Required
    @JsonPropertyDescription("The control arm (the current policy).")
    public ExperimentArm control;

    @Required
    @JsonPropertyDescription("The treatment arm (the candidate policy).")
    public ExperimentArm treatment;

    @Min(0)
    @Max(100)
    @Default("50")
    @JsonPropertyDescription("Percent of users routed to the treatment (sticky per user).")
    public Integer treatmentPercent = 50;

    @Size(max = 64)
    @Pattern("^[A-Za-z0-9._-]{0,64}$")
    @JsonPropertyDescription("Salt of the user hash; a new salt reshuffles users. Defaults to the experiment's namespace/name.")
    public String salt;

    @JsonPropertyDescription("Display names of the metrics.")
    public MetricNames metrics = new MetricNames();

    @JsonPropertyDescription("Bounds on metric increases; a breach means KeepControl.")
    @Size(max = 8)
    public List<Guardrail> guardrails = new ArrayList<>();

    @Min(0.0001)
    @Max(0.5)
    @Default("0.05")
    @JsonPropertyDescription("Significance level (two-sided) of the tests and 1 - confidence of the intervals.")
    public Double alpha = 0.05;

    @Min(1)
    @Max(1000000000)
    @Default("1000")
    @JsonPropertyDescription("Users per arm before any decision is taken.")
    public Long minUsersPerArm = 1000L;

    @Size(max = 32)
    @Pattern("^([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$")
    @Default("168h")
    @JsonPropertyDescription("Longest the experiment runs (Go duration, e.g. 168h); undecided by then means Inconclusive.")
    public String maxDuration = "168h";

    @Default("true")
    @JsonPropertyDescription("true: always-valid (peeking-safe) inference, safe to look at every update; false: fixed-horizon tests.")
    public Boolean sequential = true;

    @Default("false")
    @JsonPropertyDescription("On PromoteTreatment, route 100% to the treatment (through the controller's routing state; the spec is never rewritten).")
    public Boolean autoPromote = false;

    @JsonPropertyDescription("Name of a Secret with key 'token': the bearer token event senders must present. The controller's default when empty.")
    @Size(max = HsrlApi.MAX_NAME)
    @Pattern(HsrlApi.DNS_SUBDOMAIN)
    public String eventsTokenSecret;
}
