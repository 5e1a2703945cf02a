package io.hsrl.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/**
 * Where the object-store credentials come from. Credentials are never inline: they live in a Secret with the keys
 * {@code endpoint}, {@code accessKey}, {@code secretKey} (and optionally {@code region}).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class ObjectStoreRef {
    @JsonPropertyDescription("Name of a Secret in the resource's namespace with keys endpoint, accessKey, secretKey (region optional). The operator's default Secret when empty.")
    @Size(max = HsrlApi.MAX_NAME)
    @Pattern(HsrlApi.DNS_SUBDOMAIN)
    public String secretName;

    @JsonPropertyDescription("Bucket for the artefacts this resource writes; the operator's default bucket (hsrl) when empty.")
    @Size(min = 3, max = 63)
    @Pattern(HsrlApi.BUCKET)
    public String bucket;
}
