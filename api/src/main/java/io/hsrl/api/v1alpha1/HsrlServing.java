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

/** A served policy: a Deployment and Service running the policy server with one trained model. */
@Group(HsrlApi.GROUP)
@Version(HsrlApi.VERSION)
@Kind("HsrlServing")
@Plural("hsrlservings")
@Singular("hsrlserving")
@ShortNames("hsrls")
@AdditionalPrinterColumn(name = "Ready", type = AdditionalPrinterColumn.Type.STRING,
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "Model", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.model")
@AdditionalPrinterColumn(name = "Replicas", type = AdditionalPrinterColumn.Type.INTEGER, jsonPath = ".status.readyReplicas")
@AdditionalPrinterColumn(name = "Endpoint", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.endpoint",
        priority = 1)
@AdditionalPrinterColumn(name = "Age", type = AdditionalPrinterColumn.Type.DATE, jsonPath = ".metadata.creationTimestamp")
public class HsrlServing extends CustomResource<HsrlServingSpec, HsrlServingStatus> implements Namespaced {
    @Override
    protected HsrlServingSpec initSpec() {
        return new HsrlServingSpec();
    }

    @Override
    protected HsrlServingStatus initStatus() {
        return new HsrlServingStatus();
    }

    /** Read leniently: an unreadable spec names its field (see {@link LenientRead}) instead of stopping the watch. */
    @Override
    @JsonDeserialize(using = LenientRead.class)
    public void setSpec(HsrlServingSpec spec) {
        super.setSpec(spec);
    }

    @Override
    @JsonDeserialize(using = LenientRead.class)
    public void setStatus(HsrlServingStatus status) {
        super.setStatus(status);
    }
}
