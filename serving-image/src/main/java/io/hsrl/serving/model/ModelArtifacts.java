package io.hsrl.serving.model;

import io.hsrl.artifact.CheckpointManifest;
import io.hsrl.core.sid.SidIndex;

import java.util.Map;

/**
 * A checkpoint read completely and checked against its manifest: {@code files} maps each manifest entry name to its
 * bytes, every one of which matched the recorded size and SHA-256; {@code index} is the Semantic-ID index the
 * manifest names (read and checked against its own stats.json digests).
 */
public record ModelArtifacts(
        String requestedUri,
        String manifestUri,
        String manifestSha256,
        CheckpointManifest manifest,
        Map<String, byte[]> files,
        String indexUri,
        SidIndex index) {

    /** The bytes of a manifest entry; an error naming the manifest when the checkpoint lacks it. */
    public byte[] file(String name) throws ModelLoadException {
        byte[] b = files.get(name);
        if (b == null) {
            throw new ModelLoadException(manifestUri + ": the checkpoint has no file '" + name + "' (files: "
                    + files.keySet() + ")");
        }
        return b;
    }
}
