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

/** Training of an HSRL policy (or a baseline) against a user-response simulator, as a (GPU) Job. */
@Group(HsrlApi.GROUP)
@Version(HsrlApi.VERSION)
@Kind("HsrlTraining")
@Plural("hsrltrainings")
@Singular("hsrltraining")
@ShortNames("hsrlt")
@AdditionalPrinterColumn(name = "State", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.state")
@AdditionalPrinterColumn(name = "Progress", type = AdditionalPrinterColumn.Type.NUMBER, jsonPath = ".status.progress.percent")
@AdditionalPrinterColumn(name = "Reward", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.reward")
@AdditionalPrinterColumn(name = "Algorithm", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".spec.algorithm",
        priority = 1)
@AdditionalPrinterColumn(name = "Objective", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.objective.type",
        priority = 1)
@AdditionalPrinterColumn(name = "Lambda", type = AdditionalPrinterColumn.Type.NUMBER, jsonPath = ".status.objective.lambda",
        priority = 1)
@AdditionalPrinterColumn(name = "Budget-Holds", type = AdditionalPrinterColumn.Type.BOOLEAN,
        jsonPath = ".status.objective.budgetHolds", priority = 1)
@AdditionalPrinterColumn(name = "Age", type = AdditionalPrinterColumn.Type.DATE, jsonPath = ".metadata.creationTimestamp")
public class HsrlTraining extends CustomResource<HsrlTrainingSpec, HsrlTrainingStatus> implements Namespaced {
    @Override
    protected HsrlTrainingSpec initSpec() {
        return new HsrlTrainingSpec();
    }

    @Override
    protected HsrlTrainingStatus initStatus() {
        return new HsrlTrainingStatus();
    }

    /** Read leniently: an unreadable spec names its field (see {@link LenientRead}) instead of stopping the watch. */
    @Override
    @JsonDeserialize(using = LenientRead.class)
    public void setSpec(HsrlTrainingSpec spec) {
        super.setSpec(spec);
    }

    @Override
    @JsonDeserialize(using = LenientRead.class)
    public void setStatus(HsrlTrainingStatus status) {
        super.setStatus(status);
    }
}
