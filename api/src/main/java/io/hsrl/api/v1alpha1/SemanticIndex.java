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

/**
 * A Semantic-ID index of an item catalogue: residual codebooks and a one-to-one SID to item map, built by a Job.
 */
@Group(HsrlApi.GROUP)
@Version(HsrlApi.VERSION)
@Kind("SemanticIndex")
@Plural("semanticindexes")
@Singular("semanticindex")
@ShortNames("sidx")
@AdditionalPrinterColumn(name = "Ready", type = AdditionalPrinterColumn.Type.STRING,
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "Degraded", type = AdditionalPrinterColumn.Type.STRING,
        jsonPath = ".status.conditions[?(@.type==\"Degraded\")].status")
@AdditionalPrinterColumn(name = "Items", type = AdditionalPrinterColumn.Type.INTEGER, jsonPath = ".status.items")
@AdditionalPrinterColumn(name = "Unique SIDs", type = AdditionalPrinterColumn.Type.INTEGER, jsonPath = ".status.uniqueSids")
@AdditionalPrinterColumn(name = "Collisions", type = AdditionalPrinterColumn.Type.NUMBER, jsonPath = ".status.collisionRate")
@AdditionalPrinterColumn(name = "Age", type = AdditionalPrinterColumn.Type.DATE, jsonPath = ".metadata.creationTimestamp")
public class SemanticIndex extends CustomResource<SemanticIndexSpec, SemanticIndexStatus> implements Namespaced {
    @Override
    protected SemanticIndexSpec initSpec() {
        return new SemanticIndexSpec();
    }

    @Override
    protected SemanticIndexStatus initStatus() {
        return new SemanticIndexStatus();
    }

    /** Read leniently: an unreadable spec names its field (see {@link LenientRead}) instead of stopping the watch. */
    @Override
    @JsonDeserialize(using = LenientRead.class)
    public void setSpec(SemanticIndexSpec spec) {
        super.setSpec(spec);
    }

    @Override
    @JsonDeserialize(using = LenientRead.class)
    public void setStatus(SemanticIndexStatus status) {
        super.setStatus(status);
    }
}
