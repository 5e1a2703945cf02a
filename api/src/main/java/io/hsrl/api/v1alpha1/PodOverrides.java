package io.hsrl.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;

import java.util.List;
import java.util.Map;

/** Settings copied into every pod the operator creates for a resource. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class PodOverrides {
    @JsonPropertyDescription("Container image; the operator's configured image for this workload when empty.")
    @Size(max = 512)
    public String image;

    @JsonPropertyDescription("CPU, memory and accelerator requests and limits of the main container.")
    public ResourceRequirements resources;

    @JsonPropertyDescription("Node labels the pod must match (for example a GPU node pool).")
    @Size(max = 32)
    public Map<String, String> nodeSelector;

    @JsonPropertyDescription("Tolerations of the pod (for example for tainted GPU nodes).")
    @Size(max = 32)
    public List<Toleration> tolerations;

    @JsonPropertyDescription("ServiceAccount the pod runs as; the namespace's default when empty. Workload pods need no Kubernetes API rights.")
    @Size(max = HsrlApi.MAX_NAME)
    @Pattern(HsrlApi.DNS_SUBDOMAIN)
    public String serviceAccountName;
}
