package io.hsrl.local.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hsrl.core.data.SyntheticWorld;
import io.hsrl.core.data.SyntheticWriter;
import io.hsrl.local.platform.LocalPlatform;
import io.hsrl.local.s3.ObjectStoreSecret;
import io.hsrl.store.Json;
import io.hsrl.store.ObjectStores;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dataset step of the quickstart: a Job runs {@code trainer generate} into {@link Quickstart#DATASET}, which the
 * platform's runner executes; skipped when the dataset is already in S3 for the same world.
 */
final class DatasetJob {
    private final KubernetesClient client;
    private final String namespace;
    private final Map<String, String> s3Environment;
    private final SyntheticWorld.Config world;
    private final PrintStream out;
    private final ObjectMapper mapper = new ObjectMapper();

    DatasetJob(KubernetesClient client, String namespace, Map<String, String> s3Environment,
               SyntheticWorld.Config world, PrintStream out) {
        this.client = client;
        this.namespace = namespace;
        this.s3Environment = s3Environment;
        this.world = world;
        this.out = out;
    }

    /**
     * Runs {@code trainer generate} as a Job (the platform runs it); skipped when the dataset is already there and was
     * generated from this size's world (its {@code generator.json}); one of another size is an error, since the
     * simulated users would not answer with its ground truth.
     */
    void run(Duration timeout) throws IOException, InterruptedException {
        String name = "quickstart-generate";
        // The S3 data outlives the API's objects (down --clean keeps neither; a real cluster may be new): skip what is there.
        try (ObjectStores store = ObjectStores.from(s3Environment)) {
            if (store.exists(Quickstart.DATASET + "/item_info.csv")) {
                String manifest = Quickstart.DATASET + "/" + SyntheticWriter.MANIFEST;
                JsonNode written = store.exists(manifest) ? mapper.readTree(store.read(manifest)).path("config") : null;
                JsonNode wanted = mapper.readTree(Json.write(world));
                if (!wanted.equals(written)) {
                    throw new IllegalStateException("the dataset " + Quickstart.DATASET + " was generated for another size ("
                            + manifest + " config: " + written + "; this run needs " + wanted + "); delete "
                            + Quickstart.DATASET + "/ or start over with: hsrl-local down --clean && hsrl-local up");
                }
                out.println("  dataset already in place: " + Quickstart.DATASET);
                return;
            }
        }
        Job existing = client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
        if (existing == null) {
            Job job = new JobBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                    .withNewSpec().withBackoffLimit(1).withNewTemplate().withNewSpec().withRestartPolicy("Never")
                    .addNewContainer().withName("trainer").withImage(LocalPlatform.TRAINER_IMAGE)
                    .withArgs("generate", "--format", "rl4rs", "--items", Integer.toString(world.items()),
                            "--users", Integer.toString(world.users()), "--rows-per-user",
                            Integer.toString(world.rowsPerUser()), "--seed", Long.toString(world.seed()), "--out",
                            Quickstart.DATASET)
                    .addNewEnv().withName("HSRL_S3_ENDPOINT").withNewValueFrom()
                    .withNewSecretKeyRef("endpoint", ObjectStoreSecret.NAME, false).endValueFrom().endEnv()
                    .addNewEnv().withName("HSRL_S3_ACCESS_KEY").withNewValueFrom()
                    .withNewSecretKeyRef("accessKey", ObjectStoreSecret.NAME, false).endValueFrom().endEnv()
                    .addNewEnv().withName("HSRL_S3_SECRET_KEY").withNewValueFrom()
                    .withNewSecretKeyRef("secretKey", ObjectStoreSecret.NAME, false).endValueFrom().endEnv()
                    .endContainer().endSpec().endTemplate().endSpec().build();
            try {
                client.batch().v1().jobs().resource(job).create();
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                // already there: a create retried after a timeout, or an earlier run
            }
        }
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            Job j = client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
            List<JobCondition> conditions = j == null || j.getStatus() == null || j.getStatus().getConditions() == null
                    ? List.of() : j.getStatus().getConditions();
            for (JobCondition c : conditions) {
                if ("Complete".equals(c.getType()) && "True".equals(c.getStatus())) {
                    out.println("  dataset ready: " + Quickstart.DATASET);
                    return;
                }
                if ("Failed".equals(c.getType()) && "True".equals(c.getStatus())) {
                    throw new IllegalStateException("job " + name + " failed: " + c.getMessage() + lastLines(c.getMessage()));
                }
            }
            out.println("  job " + name + ": running");
            Thread.sleep(2000);
        }
        throw new IllegalStateException("job " + name + " did not complete within " + timeout);
    }

    /** The last lines of the pod log a Job condition message names ("(log: PATH)"), for error messages. */
    static String lastLines(String message) throws IOException {
        Matcher m = Pattern.compile("\\(log: ([^)]+)\\)").matcher(String.valueOf(message));
        if (!m.find() || !Files.isRegularFile(Path.of(m.group(1)))) {
            return "";
        }
        List<String> log = Files.readAllLines(Path.of(m.group(1)));
        return "\n  last lines of " + m.group(1) + ":\n    "
                + String.join("\n    ", log.subList(Math.max(0, log.size() - 8), log.size()));
    }
}
