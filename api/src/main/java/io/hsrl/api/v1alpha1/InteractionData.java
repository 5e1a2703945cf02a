package io.hsrl.api.v1alpha1;

import io.hsrl.contracts.LogFormat;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Logged interactions the simulator is fitted on and episodes start from. */
public class InteractionData {
    @Required
    @Size(max = HsrlApi.MAX_URI)
    @Pattern("^(s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/.+|/.+)$")
    @JsonPropertyDescription("URI of the logs (a folder for rl4rs and ml1m): s3://bucket/prefix or an absolute path.")
    public String uri;

    @Default("rl4rs")
    @JsonPropertyDescription("Log format: rl4rs, ml1m, movielens or csv.")
    public LogFormat format = LogFormat.RL4RS;
}
