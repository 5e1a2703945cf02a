package io.hsrl.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

import java.util.ArrayList;
import java.util.List;

/** The two arms, the split, and the statistical rules of the experiment. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.control.servingRef.name != self.treatment.servingRef.name",
        message = "control and treatment must be different HsrlServings")
public class AbExperimentSpec extends LenientlyReadSpec {
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

    @JsonPropertyDescription("The decision metric and the names the summary uses.")
    public MetricNames metrics = new MetricNames();

    @Size(max = 8)
    @JsonPropertyDescription("Bounds on metric changes; a breach means KeepControl.")
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

    @Default("true")
    @JsonPropertyDescription("CUPED: reduce the variance of every change with the users' pre-experiment exposures and conversions, where exposures carry them (the recommend request's 'covariate').")
    public Boolean cuped = true;

    @Min(0.1)
    @Max(1000)
    @Default("5")
    @JsonPropertyDescription("Relative change of the decision metric, percent, that the power and users-needed estimates on status are for.")
    public Double minDetectableEffect = 5.0;

    @Min(0.5)
    @Max(0.99)
    @Default("0.8")
    @JsonPropertyDescription("Probability of detecting minDetectableEffect that the users-needed estimate on status aims at.")
    public Double targetPower = 0.8;

    @JsonPropertyDescription("Name of a Secret with key 'token' and the label hsrl.io/events-token=true (the controller watches only Secrets so labelled): the bearer token event senders must present. The controller's default when empty.")
    @Size(max = HsrlApi.MAX_NAME)
    @Pattern(HsrlApi.DNS_SUBDOMAIN)
    public String eventsTokenSecret;
}
