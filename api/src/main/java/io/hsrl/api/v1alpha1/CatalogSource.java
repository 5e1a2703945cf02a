package io.hsrl.api.v1alpha1;

import io.hsrl.contracts.ItemVectorFormat;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Where the item feature vectors are, and in which format. */
public class CatalogSource {
    @Required
    @Size(max = HsrlApi.MAX_URI)
    @Pattern("^(s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/.+|/.+)$")
    @JsonPropertyDescription("URI of the item feature vectors: s3://bucket/key, or an absolute path inside the pod.")
    public String uri;

    @Default("csv")
    @JsonPropertyDescription("File format: csv (item_id,f1..fd), rl4rs (item_info.csv), npy (float32 2-D, row r = item r+1).")
    public ItemVectorFormat format = ItemVectorFormat.CSV;
}
