package io.hsrl.operator.serving;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v1.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hsrl.api.v1alpha1.Autoscaling;
import io.hsrl.api.v1alpha1.Conditions;
import io.hsrl.api.v1alpha1.HsrlServing;
import io.hsrl.api.v1alpha1.HsrlTraining;
import io.hsrl.api.v1alpha1.LocalObjectReference;
import io.hsrl.api.v1alpha1.ModelSource;
import io.hsrl.artifact.ModelManifest;
import io.hsrl.contracts.ServingEnvironment;
import io.hsrl.operator.testing.FakeKubelet;
import io.hsrl.operator.testing.Fixtures;
import io.hsrl.operator.testing.S3ProxyResource;
import io.hsrl.store.ObjectStore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(S3ProxyResource.class)
class HsrlServingReconcilerTest {
    static final String NS = "serve";

    @Inject
    KubernetesClient client;
    @Inject
    ObjectStore store;

    static HsrlServing serving(String name, String checkpointUri, String trainingRef) {
        HsrlServing s = new HsrlServing();
        s.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
        s.getSpec().model = new ModelSource();
        s.getSpec().model.checkpointUri = checkpointUri;
        s.getSpec().model.trainingRef = trainingRef == null ? null : new LocalObjectReference(trainingRef);
        return s;
    }

    HsrlServing get(String name) {
        return client.resources(HsrlServing.class).inNamespace(NS).withName(name).get();
    }

    Condition condition(String name, String type) {
        HsrlServing s = get(name);
        return s.getStatus() == null ? null : Conditions.find(s.getStatus().conditions, type).orElse(null);
    }

    Deployment deployment(String name) {
        return client.apps().deployments().inNamespace(NS).withName(name).get();
    }

    @Test
    void servesACheckpointWithADeploymentAndAService() throws Exception {
        String model = "s3://hsrl/trainings/serve/rl/u1/checkpoints/3000/manifest.json";
        store.writeString(model, "{\"schemaVersion\":1,\"iteration\":3000}");
        HsrlServing created = client.resource(serving("policy", model, null)).create();

        Deployment d = await().atMost(Duration.ofSeconds(20)).until(() -> deployment("policy"), x -> x != null);
        var container = d.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getImage()).isEqualTo("ghcr.io/hsrl/hsrl-serving:0.1.0");
        assertThat(container.getEnv()).filteredOn(e -> e.getName().equals("HSRL_MODEL_URI"))
                .extracting(EnvVar::getValue).containsExactly(model);
        assertThat(container.getEnv()).extracting(EnvVar::getName).contains("HSRL_S3_ENDPOINT", "HSRL_SLATE_SIZE");
        String digest = ModelManifest.sha256("{\"schemaVersion\":1,\"iteration\":3000}".getBytes());
        assertThat(d.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry(ServingDeployment.MODEL_DIGEST, digest);
        assertThat(d.getSpec().getReplicas()).isEqualTo(1);
        assertThat(d.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
            assertThat(o.getUid()).isEqualTo(created.getMetadata().getUid());
            assertThat(o.getController()).isTrue();
        });
        Service svc = await().atMost(Duration.ofSeconds(10))
                .until(() -> client.services().inNamespace(NS).withName("policy").get(), x -> x != null);
        assertThat(svc.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getPort()).isEqualTo(8080);
            assertThat(p.getProtocol()).isEqualTo("TCP");
        });
        assertThat(svc.getSpec().getSelector()).isEqualTo(d.getSpec().getSelector().getMatchLabels());
        assertThat(client.autoscaling().v1().horizontalPodAutoscalers().inNamespace(NS).withName("policy").get())
                .isNull();

        await().atMost(Duration.ofSeconds(10)).until(() -> condition("policy", "Ready") != null);
        assertThat(condition("policy", "Ready").getStatus()).isEqualTo("False");

        new FakeKubelet(client).deploymentAvailable(NS, "policy", 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> "True".equals(condition("policy", "Ready").getStatus()));
        HsrlServing ready = get("policy");
        assertThat(ready.getStatus().endpoint).isEqualTo("http://policy.serve.svc:8080");
        assertThat(ready.getStatus().modelUri).isEqualTo(model);
        assertThat(ready.getStatus().modelSha256).isEqualTo(digest);
        assertThat(ready.getStatus().readyReplicas).isEqualTo(1);
        assertThat(condition("policy", "Ready").getObservedGeneration()).isEqualTo(1L);

        // a new model is a new pod template (a rolling update)
        String model2 = "s3://hsrl/trainings/serve/rl/u1/checkpoints/4000/manifest.json";
        store.writeString(model2, "{\"schemaVersion\":1,\"iteration\":4000}");
        HsrlServing edit = get("policy");
        edit.getSpec().model.checkpointUri = model2;
        client.resource(edit).update();
        await().atMost(Duration.ofSeconds(10)).until(() -> !digest.equals(deployment("policy").getSpec().getTemplate()
                .getMetadata().getAnnotations().get(ServingDeployment.MODEL_DIGEST)));
        assertThat(client.apps().deployments().inNamespace(NS).list().getItems())
                .filteredOn(x -> x.getMetadata().getName().equals("policy")).hasSize(1);
    }

    @Test
    void slateSizeAndBeamWidthReachTheServerAsItsContract() throws Exception {
        // a model named by its latest.json pointer (relative, as trainers write it): the digest is the manifest's
        String checkpoints = "s3://hsrl/trainings/serve/k5/u1/checkpoints";
        String manifest = "{\"schemaVersion\":1,\"iteration\":10}";
        store.writeString(checkpoints + "/000000000010/manifest.json", manifest);
        store.writeString(checkpoints + "/latest.json",
                "{\"schemaVersion\":1,\"iteration\":10,\"manifest\":\"000000000010/manifest.json\",\"complete\":true}");
        HsrlServing s = serving("k5", checkpoints + "/latest.json", null);
        s.getSpec().slateSize = 5;
        s.getSpec().beamWidth = 4;
        client.resource(s).create();

        Deployment d = await().atMost(Duration.ofSeconds(20)).until(() -> deployment("k5"), x -> x != null);
        Map<String, String> env = d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> e.getValue() != null).collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
        String digest = ModelManifest.sha256(manifest.getBytes(StandardCharsets.UTF_8));
        assertThat(ServingEnvironment.fromEnv(env))
                .isEqualTo(new ServingEnvironment(checkpoints + "/latest.json", digest, 5, 4));
        // what the server's configuration source makes of this environment
        assertThat(ServingEnvironment.properties(env))
                .containsEntry("hsrl.serving.default-slate-size", "5")
                .containsEntry("hsrl.serving.beam-width", "4")
                .containsEntry("hsrl.serving.model-sha256", digest);
        assertThat(d.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry(ServingDeployment.MODEL_DIGEST, digest);
    }

    @Test
    void autoscalingAddsAnHpaAndLeavesReplicasToIt() throws Exception {
        String model = "s3://hsrl/models/scaled/manifest.json";
        store.writeString(model, "{}");
        HsrlServing s = serving("scaled", model, null);
        s.getSpec().autoscaling = new Autoscaling();
        s.getSpec().autoscaling.minReplicas = 2;
        s.getSpec().autoscaling.maxReplicas = 5;
        client.resource(s).create();
        HorizontalPodAutoscaler hpa = await().atMost(Duration.ofSeconds(20)).until(() -> client.autoscaling().v1()
                .horizontalPodAutoscalers().inNamespace(NS).withName("scaled").get(), x -> x != null);
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(5);
        assertThat(hpa.getSpec().getTargetCPUUtilizationPercentage()).isEqualTo(70);
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("scaled");
        assertThat(deployment("scaled").getSpec().getReplicas()).isNull();
    }

    @Test
    void invalidModelReferencesAreReportedNotRetriedHot() throws Exception {
        client.resource(serving("both", "s3://hsrl/x/manifest.json", "rl")).create();
        client.resource(serving("neither", null, null)).create();
        client.resource(serving("dangling", null, "no-such-training")).create();
        client.resource(serving("missing", "s3://hsrl/nothing/here.json", null)).create();

        await().atMost(Duration.ofSeconds(15)).until(() -> condition("both", "Ready") != null
                && condition("neither", "Ready") != null && condition("dangling", "Ready") != null
                && condition("missing", "Ready") != null);
        for (String name : new String[] {"both", "neither"}) {
            assertThat(condition(name, "Ready").getReason()).isEqualTo("InvalidSpec");
            assertThat(condition(name, "Ready").getMessage())
                    .isEqualTo("spec.model: set exactly one of trainingRef and checkpointUri");
        }
        assertThat(condition("dangling", "Ready").getMessage())
                .isEqualTo("spec.model.trainingRef.name: HsrlTraining 'no-such-training' not found in namespace serve");
        assertThat(condition("missing", "Ready").getMessage())
                .isEqualTo("spec.model.checkpointUri: no model manifest at s3://hsrl/nothing/here.json");
        assertThat(deployment("both")).isNull();
        assertThat(deployment("missing")).isNull();
        await().atMost(Duration.ofSeconds(5)).until(() -> Fixtures.events(client, NS, "dangling").stream()
                .anyMatch(e -> "Warning".equals(e.getType()) && "TrainingNotFound".equals(e.getReason())));
        assertThat(condition("dangling", "Ready").getReason()).isEqualTo("TrainingNotFound");

        // no hot loop: the status and its one Warning event stay as they are
        String version = get("dangling").getMetadata().getResourceVersion();
        Thread.sleep(1500);
        assertThat(get("dangling").getMetadata().getResourceVersion()).isEqualTo(version);
        assertThat(Fixtures.events(client, NS, "dangling")).hasSize(1);
    }

    @Test
    void servesATrainingOnceItIsComplete() throws Exception {
        // the training waits for an index that does not exist: not Complete
        client.resource(Fixtures.training(NS, "ranker", "absent-index")).create();
        client.resource(serving("from-training", null, "ranker")).create();
        await().atMost(Duration.ofSeconds(15)).until(() -> condition("from-training", "Ready") != null
                && condition("from-training", "Ready").getMessage().contains("is not Complete"));
        // waiting is not an error: its own reason (GitOps health: Progressing), a Normal event, no Warning
        assertThat(condition("from-training", "Ready").getReason()).isEqualTo("WaitingForTraining");
        assertThat(condition("from-training", "Ready").getMessage())
                .startsWith("spec.model.trainingRef.name: HsrlTraining 'ranker' is not Complete");
        await().atMost(Duration.ofSeconds(5)).until(() -> Fixtures.events(client, NS, "from-training").stream()
                .anyMatch(e -> "Normal".equals(e.getType()) && "WaitingForTraining".equals(e.getReason())));
        assertThat(Fixtures.events(client, NS, "from-training")).noneMatch(e -> "Warning".equals(e.getType()));
        assertThat(deployment("from-training")).isNull();

        // the training completes (as its reconciler records it): the serving wakes up and rolls out that model
        String model = "s3://hsrl/trainings/serve/ranker/u/checkpoints/3000/manifest.json";
        store.writeString(model, "{\"iteration\":3000}");
        client.resources(HsrlTraining.class).inNamespace(NS).withName("ranker").editStatus(t -> {
            t.getStatus().setCondition("Complete", true, "Succeeded", "done", t.getMetadata().getGeneration());
            t.getStatus().modelUri = model;
            t.getStatus().state = "Complete";
            return t;
        });
        Deployment d = await().atMost(Duration.ofSeconds(15)).until(() -> deployment("from-training"), x -> x != null);
        assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .filteredOn(e -> e.getName().equals("HSRL_MODEL_URI")).extracting(EnvVar::getValue)
                .containsExactly(model);
        await().atMost(Duration.ofSeconds(10)).until(() -> "absent-index".equals(get("from-training").getStatus().semanticIndex));
        assertThat(get("from-training").getStatus().model).as("the MODEL column").isEqualTo("ranker");
        assertThat(get("from-training").getStatus().modelUri).isEqualTo(model);

        // the training is deleted: not Ready, and the Deployment keeps serving the model it loaded
        client.resources(HsrlTraining.class).inNamespace(NS).withName("ranker").delete();
        await().atMost(Duration.ofSeconds(15)).until(() -> "TrainingNotFound".equals(condition("from-training", "Ready").getReason()));
        assertThat(condition("from-training", "Ready").getStatus()).isEqualTo("False");
        assertThat(condition("from-training", "Ready").getMessage())
                .contains("HsrlTraining 'ranker' not found").contains("keeps serving the model it loaded, " + model);
        Deployment kept = deployment("from-training");
        assertThat(kept).isNotNull();
        assertThat(kept.getMetadata().getUid()).isEqualTo(d.getMetadata().getUid());
        assertThat(kept.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .filteredOn(e -> e.getName().equals("HSRL_MODEL_URI")).extracting(EnvVar::getValue)
                .containsExactly(model);
    }

    @Test
    void aFailedTrainingIsReportedAsSuchNotAsWaiting() {
        client.resource(Fixtures.training(NS, "broken", "absent-index")).create();
        // the controller's first status write (the created resource already carries an empty status)
        await().atMost(Duration.ofSeconds(15)).until(() -> client.resources(HsrlTraining.class).inNamespace(NS)
                .withName("broken").get().getStatus().observedGeneration != null);
        client.resources(HsrlTraining.class).inNamespace(NS).withName("broken").editStatus(t -> {
            t.getStatus().setCondition("Failed", true, "BackoffLimitExceeded", "the trainer exited 1",
                    t.getMetadata().getGeneration());
            t.getStatus().state = "Failed";
            return t;
        });
        client.resource(serving("on-broken", null, "broken")).create();
        await().atMost(Duration.ofSeconds(15)).until(() -> condition("on-broken", "Ready") != null
                && "TrainingFailed".equals(condition("on-broken", "Ready").getReason()));
        assertThat(condition("on-broken", "Ready").getMessage())
                .isEqualTo("spec.model.trainingRef.name: HsrlTraining 'broken' failed");
        assertThat(deployment("on-broken")).isNull();
        await().atMost(Duration.ofSeconds(5)).until(() -> Fixtures.events(client, NS, "on-broken").stream()
                .anyMatch(e -> "Warning".equals(e.getType()) && "TrainingFailed".equals(e.getReason())));
    }
}
