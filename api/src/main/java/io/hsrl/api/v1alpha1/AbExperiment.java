package io.hsrl.api.v1alpha1;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** An A/B test between two served policies, with its statistics and decision on the status. */
@Group(HsrlApi.GROUP)
@Version(HsrlApi.VERSION)
@Kind("AbExperiment")
@Plural("abexperiments")
@Singular("abexperiment")
@ShortNames("abx")
@AdditionalPrinterColumn(name = "Ready", type = AdditionalPrinterColumn.Type.STRING,
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "Treatment %", type = AdditionalPrinterColumn.Type.INTEGER, jsonPath = ".spec.treatmentPercent")
@AdditionalPrinterColumn(name = "CVR Δ%", type = AdditionalPrinterColumn.Type.NUMBER,
        jsonPath = ".status.results.cvrLiftPercent")
@AdditionalPrinterColumn(name = "Cost Δ%", type = AdditionalPrinterColumn.Type.NUMBER,
        jsonPath = ".status.results.costDeltaPercent")
@AdditionalPrinterColumn(name = "Decision", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.decision")
@AdditionalPrinterColumn(name = "Users", type = AdditionalPrinterColumn.Type.INTEGER, jsonPath = ".status.totalUsers",
        priority = 1)
@AdditionalPrinterColumn(name = "Primary", type = AdditionalPrinterColumn.Type.STRING,
        jsonPath = ".status.results.primaryMetric", priority = 1)
@AdditionalPrinterColumn(name = "CUPED VR%", type = AdditionalPrinterColumn.Type.NUMBER,
        jsonPath = ".status.results.varianceReductionPercent", priority = 1)
@AdditionalPrinterColumn(name = "Power", type = AdditionalPrinterColumn.Type.NUMBER,
        jsonPath = ".status.results.power", priority = 1)
@AdditionalPrinterColumn(name = "Age", type = AdditionalPrinterColumn.Type.DATE, jsonPath = ".metadata.creationTimestamp")
public class AbExperiment extends CustomResource<AbExperimentSpec, AbExperimentStatus> implements Namespaced {
    @Override
    protected AbExperimentSpec initSpec() {
        return new AbExperimentSpec();
    }

    @Override
    protected AbExperimentStatus initStatus() {
        return new AbExperimentStatus();
    }

    /** Read leniently: an unreadable spec names its field (see {@link LenientRead}) instead of stopping the watch. */
    @Override
    @JsonDeserialize(using = LenientRead.class)
    public void setSpec(AbExperimentSpec spec) {
        super.setSpec(spec);
    }

    @Override
    @JsonDeserialize(using = LenientRead.class)
    public void setStatus(AbExperimentStatus status) {
        super.setStatus(status);
    }
}
