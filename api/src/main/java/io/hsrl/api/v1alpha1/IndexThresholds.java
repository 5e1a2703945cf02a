package io.hsrl.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Quality bounds of a built index; breaching one sets condition Degraded=True. */
public class IndexThresholds {
    @Min(0)
    @Max(1)
    @Default("0.05")
    @JsonPropertyDescription("Largest acceptable fraction of items that shared a SID before resolution.")
    public Double maxCollisionRate = 0.05;

    @Min(0)
    @Max(1)
    @Default("0.5")
    @JsonPropertyDescription("Smallest acceptable fraction of codes used at every level.")
    public Double minLevelUtilization = 0.5;
}
