package io.hsrl.operator.training;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hsrl.api.v1alpha1.Conditions;
import io.hsrl.api.v1alpha1.HsrlTraining;
import io.hsrl.api.v1alpha1.PodOverrides;
import io.hsrl.api.v1alpha1.SemanticIndex;
import io.hsrl.artifact.ArtifactLayout;
import io.hsrl.operator.testing.FakeKubelet;
import io.hsrl.operator.testing.Fixtures;
import io.hsrl.operator.testing.S3ProxyResource;
import io.hsrl.store.ObjectStore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(S3ProxyResource.class)
class HsrlTrainingReconcilerTest {
    static final String NS = "train";

    @Inject
    KubernetesClient client;
    @Inject
    ObjectStore store;

    HsrlTraining get(String name) {
        return client.resources(HsrlTraining.class).inNamespace(NS).withName(name).get();
    }

    Condition condition(String name, String type) {
        HsrlTraining t = get(name);
        return t == null || t.getStatus() == null ? null : Conditions.find(t.getStatus().conditions, type).orElse(null);
    }

    boolean isTrue(String name, String type) {
        Condition c = condition(name, type);
        return c != null && "True".equals(c.getStatus());
    }

    Job job(String name) {
        return client.batch().v1().jobs().inNamespace(NS).withName(name + "-train").get();
    }

    /** An index built the way the operator builds it (Job + stats.json + fake kubelet). */
    SemanticIndex readyIndex(String name) throws Exception {
        SemanticIndex index = client.resource(Fixtures.index(NS, name)).create();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> client.batch().v1().jobs().inNamespace(NS).withName(name + "-index").get() != null);
        String prefix = ArtifactLayout.indexPrefix("hsrl", NS, name, index.getMetadata().getUid(), 1);
        store.writeJson(ArtifactLayout.stats(prefix), Fixtures.stats(1000, 0, List.of(1.0, 1.0, 1.0)));
        new FakeKubelet(client).jobSucceeded(NS, name + "-index");
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            SemanticIndex i = client.resources(SemanticIndex.class).inNamespace(NS).withName(name).get();
            return i.getStatus() != null && i.getStatus().isTrue("Ready");
        });
        return client.resources(SemanticIndex.class).inNamespace(NS).withName(name).get();
    }

    String prefix(HsrlTraining t) {
        return ArtifactLayout.trainingPrefix("hsrl", NS, t.getMetadata().getName(), t.getMetadata().getUid());
    }

    @Test
    void waitsForItsIndexThenRunsAGpuJobAndCopiesProgress() throws Exception {
        HsrlTraining spec = Fixtures.training(NS, "rl", "items");
        spec.getSpec().gpus = 2;
        spec.getSpec().pod = new PodOverrides();
        spec.getSpec().pod.nodeSelector = Map.of("pool", "gpu");
        spec.getSpec().pod.tolerations = List.of(new TolerationBuilder().withKey("nvidia.com/gpu")
                .withOperator("Exists").withEffect("NoSchedule").build());
        spec.getSpec().pod.serviceAccountName = "trainer";
        spec.getSpec().pod.resources = new ResourceRequirementsBuilder()
                .withRequests(Map.of("cpu", new Quantity("2"), "memory", new Quantity("8Gi"))).build();
        spec.getSpec().simulator.uri = "s3://models/sim/manifest.json";
        HsrlTraining training = client.resource(spec).create();

        // no index yet: InvalidSpec naming the field, a Warning event, and no Job
        await().atMost(Duration.ofSeconds(10)).until(() -> condition("rl", "Ready") != null);
        assertThat(condition("rl", "Ready").getReason()).isEqualTo("InvalidSpec");
        assertThat(condition("rl", "Ready").getMessage()).startsWith("spec.semanticIndexRef.name: SemanticIndex 'items'");
        await().atMost(Duration.ofSeconds(5)).until(() -> Fixtures.events(client, NS, "rl").stream()
                .anyMatch(e -> "Warning".equals(e.getType()) && "InvalidSpec".equals(e.getReason())));

        // the index appears but is still building: WaitingForIndex
        SemanticIndex index = client.resource(Fixtures.index(NS, "items")).create();
        await().atMost(Duration.ofSeconds(10)).until(() -> condition("rl", "Pending") != null
                && "WaitingForIndex".equals(condition("rl", "Pending").getReason()));
        assertThat(job("rl")).isNull();

        await().atMost(Duration.ofSeconds(20))
                .until(() -> client.batch().v1().jobs().inNamespace(NS).withName("items-index").get() != null);
        String indexPrefix = ArtifactLayout.indexPrefix("hsrl", NS, "items", index.getMetadata().getUid(), 1);
        store.writeJson(ArtifactLayout.stats(indexPrefix), Fixtures.stats(1000, 0, List.of(1.0, 1.0, 1.0)));
        new FakeKubelet(client).jobSucceeded(NS, "items-index");

        Job job = await().atMost(Duration.ofSeconds(20)).until(() -> job("rl"), j -> j != null);
        var pod = job.getSpec().getTemplate().getSpec();
        var container = pod.getContainers().get(0);
        List<String> args = container.getArgs();
        assertThat(args.subList(0, 22)).containsExactly("train", "--data", "s3://datasets/rl4rs/b",
                "--format", "rl4rs", "--index", ArtifactLayout.stats(indexPrefix), "--algorithm", "hsrl",
                "--mode", "hsrl", "--iterations", "3000", "--checkpoint-every", "1000", "--seed", "7",
                "--out", prefix(training), "--resume", "--simulator", "s3://models/sim/manifest.json");
        assertThat(String.join(" ", args)).contains("--actor-lr 0.001", "--actor-decay 0.00001", "--gamma 0.9",
                "--d-model 32", "--n-head 4", "--max-seq-len 50", "--target-mitigate-coef 0.01");
        assertThat(container.getResources().getLimits()).containsEntry("nvidia.com/gpu", new Quantity("2"));
        assertThat(container.getResources().getRequests()).containsEntry("memory", new Quantity("8Gi"));
        assertThat(pod.getNodeSelector()).containsEntry("pool", "gpu");
        assertThat(pod.getTolerations()).hasSize(1);
        assertThat(pod.getServiceAccountName()).isEqualTo("trainer");
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(job.getSpec().getBackoffLimit()).isEqualTo(2);
        assertThat(job.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getController()).isTrue());
        assertThat(container.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("HSRL_S3_ACCESS_KEY");
            assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("hsrl-object-store");
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> isTrue("rl", "Running"));
        assertThat(condition("rl", "Pending").getStatus()).isEqualTo("False");

        // the trainer reports: progress.json and checkpoints/latest.json
        new FakeKubelet(client).jobRunning(NS, "rl-train");
        store.writeJson(ArtifactLayout.progress(prefix(training)), Fixtures.progress(2000, 3000, 4.25));
        store.writeJson(ArtifactLayout.latestCheckpoint(prefix(training)), Fixtures.latest(2000, false, 3.5, 4.0));
        await().atMost(Duration.ofSeconds(10)).until(() -> get("rl").getStatus().progress != null
                && Long.valueOf(2000).equals(get("rl").getStatus().progress.iteration)
                && get("rl").getStatus().checkpoints != null);
        HsrlTraining running = get("rl");
        assertThat(running.getStatus().progress.percent).isCloseTo(66.67, org.assertj.core.data.Offset.offset(0.01));
        assertThat(running.getStatus().progress.etaSeconds).isEqualTo(30L);
        assertThat(running.getStatus().objective.lambda).isEqualTo(1.25);
        assertThat(running.getStatus().objective.budgetHolds).isTrue();
        assertThat(running.getStatus().objective.conversionsPerExposure).isEqualTo(0.62);
        assertThat(running.getStatus().objective.costPerExposure).isEqualTo(0.35);
        assertThat(running.getStatus().objective.costBudget).isEqualTo("+0%");
        assertThat(running.getStatus().metrics.avgTotalReward).isEqualTo(4.25);
        assertThat(running.getStatus().metrics.levelValues).containsExactly(1.0, 2.0, 3.0);
        String checkpoints = ArtifactLayout.checkpoints(prefix(training));
        assertThat(running.getStatus().checkpoints).extracting(c -> c.uri)
                .containsExactly(checkpoints + "/1000/manifest.json", checkpoints + "/2000/manifest.json");
        assertThat(running.getStatus().latestCheckpoint).isEqualTo(checkpoints + "/2000/manifest.json");
        assertThat(running.getStatus().startTime).isNotNull();

        // a later progress.json is picked up by the periodic poll (no Kubernetes event in between)
        store.writeJson(ArtifactLayout.progress(prefix(training)), Fixtures.progress(2500, 3000, 4.5));
        await().atMost(Duration.ofSeconds(10)).until(() -> Long.valueOf(2500).equals(get("rl").getStatus().progress.iteration));

        // complete: the best checkpoint by reward, the model from latest.json
        store.writeJson(ArtifactLayout.latestCheckpoint(prefix(training)), Fixtures.latest(3000, true, 3.5, 5.0, 4.5));
        new FakeKubelet(client).jobSucceeded(NS, "rl-train");
        await().atMost(Duration.ofSeconds(10)).until(() -> isTrue("rl", "Complete"));
        HsrlTraining done = get("rl");
        assertThat(done.getStatus().modelUri).isEqualTo(checkpoints + "/3000/manifest.json");
        assertThat(done.getStatus().bestCheckpoint).isEqualTo(checkpoints + "/2000/manifest.json");
        assertThat(done.getStatus().state).isEqualTo("Complete");
        assertThat(done.getStatus().completionTime).isNotNull();
        assertThat(condition("rl", "Running").getStatus()).isEqualTo("False");
        assertThat(condition("rl", "Complete").getObservedGeneration()).isEqualTo(1L);
        // many reconciles (events and polls) later, still one Job
        assertThat(client.batch().v1().jobs().inNamespace(NS).withLabel("app.kubernetes.io/instance", "rl").list()
                .getItems()).hasSize(1);
    }

    @Test
    void suspendDeletesTheJobAndResumeCreatesItAgain() throws Exception {
        readyIndex("items2");
        HsrlTraining spec = Fixtures.training(NS, "pausable", "items2");
        spec.getSpec().gpus = 0;
        HsrlTraining training = client.resource(spec).create();
        Job first = await().atMost(Duration.ofSeconds(20)).until(() -> job("pausable"), j -> j != null);
        assertThat(first.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getLimits())
                .as("gpus: 0 asks for no GPU").isNullOrEmpty();
        store.writeJson(ArtifactLayout.latestCheckpoint(prefix(training)), Fixtures.latest(1000, false, 3.0));

        HsrlTraining t = get("pausable");
        t.getSpec().suspend = true;
        client.resource(t).update();
        await().atMost(Duration.ofSeconds(10)).until(() -> isTrue("pausable", "Suspended"));
        await().atMost(Duration.ofSeconds(10)).until(() -> job("pausable") == null);
        assertThat(get("pausable").getStatus().latestCheckpoint).endsWith("/checkpoints/1000/manifest.json");
        assertThat(store.exists(ArtifactLayout.latestCheckpoint(prefix(training)))).isTrue();

        t = get("pausable");
        t.getSpec().suspend = false;
        client.resource(t).update();
        Job second = await().atMost(Duration.ofSeconds(10)).until(() -> job("pausable"), j -> j != null);
        assertThat(second.getMetadata().getUid()).isNotEqualTo(first.getMetadata().getUid());
        assertThat(second.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs()).contains("--resume");
        await().atMost(Duration.ofSeconds(10)).until(() -> isTrue("pausable", "Running"));
        await().atMost(Duration.ofSeconds(5)).until(() -> Fixtures.events(client, NS, "pausable").stream()
                .anyMatch(e -> "Resumed".equals(e.getReason())));
        assertThat(condition("pausable", "Suspended").getStatus()).isEqualTo("False");
    }

    @Test
    void failsAfterTheBackoffLimitWithTheReason() throws Exception {
        readyIndex("items3");
        client.resource(Fixtures.training(NS, "doomed", "items3")).create();
        await().atMost(Duration.ofSeconds(20)).until(() -> job("doomed"), j -> j != null);
        new FakeKubelet(client).jobFailed(NS, "doomed-train", "BackoffLimitExceeded",
                "error: CUDA out of memory while allocating the replay buffer");
        await().atMost(Duration.ofSeconds(10)).until(() -> isTrue("doomed", "Failed"));
        assertThat(condition("doomed", "Failed").getReason()).isEqualTo("BackoffLimitExceeded");
        assertThat(condition("doomed", "Failed").getMessage()).contains("CUDA out of memory");
        assertThat(get("doomed").getStatus().state).isEqualTo("Failed");
    }

    @Test
    void activeDeadlineEndsTheRunWithDeadlineExceeded() throws Exception {
        readyIndex("items4");
        HsrlTraining spec = Fixtures.training(NS, "hurried", "items4");
        spec.getSpec().activeDeadlineSeconds = 2L;
        client.resource(spec).create();
        Job job = await().atMost(Duration.ofSeconds(20)).until(() -> job("hurried"), j -> j != null);
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(2L);
        new FakeKubelet(client).jobRunning(NS, "hurried-train");
        // the kubelet never finishes: the operator's own deadline check ends it
        await().atMost(Duration.ofSeconds(15)).until(() -> isTrue("hurried", "Failed"));
        assertThat(condition("hurried", "Failed").getReason()).isEqualTo("DeadlineExceeded");
        assertThat(condition("hurried", "Failed").getMessage()).contains("spec.activeDeadlineSeconds");
        await().atMost(Duration.ofSeconds(10)).until(() -> job("hurried") == null);
    }

    @Test
    void aRetriedOrRestartedCreateMakesNoDuplicate() throws Exception {
        readyIndex("items5");
        client.resource(Fixtures.training(NS, "once", "items5")).create();
        Job job = await().atMost(Duration.ofSeconds(20)).until(() -> job("once"), j -> j != null);
        // what a restarted operator does before its cache has the Job: create it again, under the same name
        HsrlTraining t = get("once");
        boolean created = io.hsrl.operator.workload.OwnedJobs.create(client, TrainingJob.desired(t,
                "s3://hsrl/x/stats.json", prefix(t), null, io.quarkus.arc.Arc.container()
                        .instance(io.hsrl.operator.config.OperatorConfig.class).get()));
        assertThat(created).isFalse();
        Thread.sleep(1000);
        assertThat(client.batch().v1().jobs().inNamespace(NS).withLabel("app.kubernetes.io/instance", "once").list()
                .getItems()).singleElement().satisfies(j -> assertThat(j.getMetadata().getUid())
                        .isEqualTo(job.getMetadata().getUid()));
    }
}
