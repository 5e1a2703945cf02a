package io.hsrl.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.util.List;

/** What the index build reported (copied from its stats.json) and where the artefacts are. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SemanticIndexStatus extends BaseStatus {
    @JsonPropertyDescription("Human summary, derived from the conditions: Pending, Building, Ready, Degraded, Retrying, Failed or Deleting.")
    public String state;
    @JsonPropertyDescription("Items in the catalogue.")
    public Long items;
    @JsonPropertyDescription("Distinct Semantic IDs after collision resolution (equals items when one-to-one).")
    public Long uniqueSids;
    @JsonPropertyDescription("Fraction of items that shared a SID with another item before resolution.")
    public Double collisionRate;
    @JsonPropertyDescription("Largest number of items that shared one SID before resolution.")
    public Integer maxItemsPerSid;
    @JsonPropertyDescription("Per level, the fraction of the K codes that are used.")
    public List<Double> levelUtilization;
    @JsonPropertyDescription("Mean squared residual error of the item vectors after quantisation.")
    public Double quantizationError;
    @JsonPropertyDescription("Tokens per SID after resolution (levels, plus one with extraLevel).")
    public Integer sidLength;
    @JsonPropertyDescription("Object-store URI of the codebook.")
    public String codebookUri;
    @JsonPropertyDescription("Object-store URI of the item map.")
    public String itemMapUri;
    @JsonPropertyDescription("Object-store URI of stats.json.")
    public String statsUri;
    @JsonPropertyDescription("SHA-256 of the item map, so that consumers can check what they load.")
    public String sha256;
    @JsonPropertyDescription("Seconds the build took.")
    public Double buildSeconds;
    @JsonPropertyDescription("Name of the Job that builds (or built) the index.")
    public String jobName;
}
