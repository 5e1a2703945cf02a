package io.hsrl.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.hsrl.contracts.CollisionStrategy;
import io.hsrl.contracts.IndexInvocation;
import io.hsrl.contracts.KMeansMode;

/** What to index and how. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SemanticIndexSpec extends LenientlyReadSpec {
    @Required
    @JsonPropertyDescription("The item catalogue: URI and format of the item feature vectors.")
    public CatalogSource catalog;

    @Min(1)
    @Max(8)
    @Default("" + IndexInvocation.DEFAULT_LEVELS)
    @JsonPropertyDescription("Number of codebook levels L (tokens per Semantic ID before collision resolution).")
    public Integer levels = IndexInvocation.DEFAULT_LEVELS;

    @Min(2)
    @Max(4096)
    @Default("" + IndexInvocation.DEFAULT_CODEBOOK_SIZE)
    @JsonPropertyDescription("Codes per level K (the policy's vocabulary per level).")
    public Integer codebookSize = IndexInvocation.DEFAULT_CODEBOOK_SIZE;

    @Default("true")
    @JsonPropertyDescription("Capacity-constrained k-means: cluster sizes within floor(n/K)..ceil(n/K) at every level.")
    public Boolean balanced = true;

    @JsonPropertyDescription("k-means mode, overriding balanced when set: plain, balanced (as balanced: true), separating "
            + "(balanced within every group of items that share the codes of the levels before, so items get distinct "
            + "Semantic IDs whenever the catalogue has at most codebookSize^levels items) or reference (the reference "
            + "implementation's balanced k-means, for comparisons).")
    public KMeansMode kmeans;

    @Min(1)
    @Max(1000)
    @Default("" + IndexInvocation.DEFAULT_ITERATIONS)
    @JsonPropertyDescription("Maximum k-means iterations per level (stops earlier on convergence).")
    public Integer iterations = IndexInvocation.DEFAULT_ITERATIONS;

    @Min(0)
    @Max(HsrlApi.MAX_SEED)
    @Default("" + IndexInvocation.DEFAULT_SEED)
    @JsonPropertyDescription("Random seed; the same seed and input give an identical codebook.")
    public Long seed = IndexInvocation.DEFAULT_SEED;

    @Default("extraLevel")
    @JsonPropertyDescription("Collision resolution so that SID to item is one-to-one: extraLevel or reassign.")
    public CollisionStrategy collisions = CollisionStrategy.DEFAULT;

    @JsonPropertyDescription("Quality bounds; breaching one sets Degraded=True and Ready=False (trainings may still use the built index).")
    public IndexThresholds thresholds = new IndexThresholds();

    @Default("Retain")
    @JsonPropertyDescription("Retain (default) keeps the codebook and item map when the resource is deleted; Delete removes them. "
            + "When they cannot be removed (the object store is unreachable) the deletion waits, retrying, with status.state "
            + "Deleting and the reason; the annotation hsrl.io/abandon-artifacts: \"true\" lets it finish and leaves them.")
    public ArtifactPolicy artifacts = ArtifactPolicy.Retain;

    @JsonPropertyDescription("Object-store credentials and bucket.")
    public ObjectStoreRef objectStore;

    @JsonPropertyDescription("Overrides for the index-builder pod.")
    public PodOverrides pod;
}
