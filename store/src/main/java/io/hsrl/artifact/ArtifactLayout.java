package io.hsrl.artifact;

import io.hsrl.store.ObjectUri;

/**
 * Where each resource's artefacts live in the bucket (architecture.md §5). The uid keeps a deleted and re-created
 * resource from reading its predecessor's files; the generation keeps a rebuild from overwriting what still serves.
 */
public final class ArtifactLayout {
    public static final String DEFAULT_BUCKET = "hsrl";

    private ArtifactLayout() {
    }

    public static String indexPrefix(String bucket, String namespace, String name, String uid, long generation) {
        return indexRoot(bucket, namespace, name, uid) + "/g" + generation;
    }

    /** Everything one SemanticIndex (all its generations) wrote: what {@code artifacts: Delete} removes. */
    public static String indexRoot(String bucket, String namespace, String name, String uid) {
        return "s3://" + bucket + "/indexes/" + namespace + "/" + name + "/" + uid;
    }

    public static String trainingPrefix(String bucket, String namespace, String name, String uid) {
        return "s3://" + bucket + "/trainings/" + namespace + "/" + name + "/" + uid;
    }

    public static String experimentPrefix(String bucket, String namespace, String name, String uid) {
        return "s3://" + bucket + "/experiments/" + namespace + "/" + name + "/" + uid;
    }

    public static String progress(String trainingPrefix) {
        return ObjectUri.resolve(trainingPrefix, TrainingProgressRecord.FILE);
    }

    public static String checkpoints(String trainingPrefix) {
        return ObjectUri.resolve(trainingPrefix, "checkpoints");
    }

    public static String latestCheckpoint(String trainingPrefix) {
        return ObjectUri.resolve(checkpoints(trainingPrefix), LatestCheckpoint.FILE);
    }

    public static String stats(String indexPrefix) {
        return ObjectUri.resolve(indexPrefix, IndexStats.FILE);
    }
}
