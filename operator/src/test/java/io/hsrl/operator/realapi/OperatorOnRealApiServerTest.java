package io.hsrl.operator.realapi;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v1.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.hsrl.api.v1alpha1.ArtifactPolicy;
import io.hsrl.api.v1alpha1.Autoscaling;
import io.hsrl.api.v1alpha1.BaseStatus;
import io.hsrl.api.v1alpha1.Conditions;
import io.hsrl.api.v1alpha1.HsrlServing;
import io.hsrl.api.v1alpha1.HsrlTraining;
import io.hsrl.api.v1alpha1.ModelSource;
import io.hsrl.api.v1alpha1.SemanticIndex;
import io.hsrl.artifact.ArtifactLayout;
import io.hsrl.artifact.ModelManifest;
import io.hsrl.contracts.ServingEnvironment;
import io.hsrl.operator.testing.FakeKubelet;
import io.hsrl.operator.testing.Fixtures;
import io.hsrl.operator.testing.S3ProxyResource;
import io.hsrl.store.ObjectStore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The reconcilers against a real kube-apiserver (enabled by HSRL_TEST_KUBECONFIG; CI starts ../shared/tools/kapi):
 * owned objects through server-side apply, status through the status subresource with observedGeneration, the
 * operator running as its own ServiceAccount with only the shipped RBAC rules. A fake kubelet advances Jobs and
 * Deployments through the API (there are no nodes); the trainer's files go to a real S3 server.
 */
@QuarkusTest
@TestProfile(RealApiProfile.class)
@WithTestResource(RealApiServer.class)
@WithTestResource(S3ProxyResource.class)
@EnabledIfEnvironmentVariable(named = RealApiServer.KUBECONFIG_ENV, matches = ".+", disabledReason =
        "real-API tier: start ../shared/tools/kapi/start.sh (KAPI_AUTHZ=RBAC checks the operator's RBAC) and set "
                + "HSRL_TEST_KUBECONFIG=<KAPI_HOME>/kubeconfig (bash .ci/run does both)")
class OperatorOnRealApiServerTest {
    static final String NS = "hsrl-operator-test-" + Long.toHexString(System.nanoTime() & 0xffffff);
    static KubernetesClient admin;
    static FakeKubelet kubelet;
    static RbacDenials denials;

    /** The operator's own client: its ServiceAccount token. */
    @Inject
    KubernetesClient operatorClient;
    @Inject
    ObjectStore store;

    @BeforeAll
    static void namespace() {
        denials = RbacDenials.install();
        admin = RealApiServer.admin();
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
                .create();
        kubelet = new FakeKubelet(admin);
    }

    @AfterAll
    static void cleanUp() {
        if (admin != null) {
            // the resources first, while the operator still runs (no finalizers here: artifacts Retain)
            admin.resources(HsrlServing.class).inNamespace(NS).delete();
            admin.resources(HsrlTraining.class).inNamespace(NS).delete();
            admin.resources(SemanticIndex.class).inNamespace(NS).delete();
            admin.namespaces().withName(NS).delete();
            admin.close();
        }
        if (denials != null) {
            denials.uninstall();
        }
    }

    /** Waits, failing at once (with the API server's message) when the operator was refused a call. */
    static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .failFast("the operator's ServiceAccount was refused a call (rbac-operator.yaml lacks a rule)",
                        () -> assertThat(denials.denials()).as("forbidden answers").isEmpty());
    }

    static <T extends HasMetadata> T get(Class<T> type, String name) {
        return admin.resources(type).inNamespace(NS).withName(name).get();
    }

    static Condition condition(BaseStatus status, String type) {
        return status == null ? null : Conditions.find(status.conditions, type).orElse(null);
    }

    static boolean conditionIs(BaseStatus status, String type, String value, Predicate<Condition> also) {
        Condition c = condition(status, type);
        return c != null && value.equals(c.getStatus()) && also.test(c);
    }

    static Job job(String name) {
        return admin.batch().v1().jobs().inNamespace(NS).withName(name).get();
    }

    /** The field managers that wrote this object with server-side apply. */
    static List<String> appliers(HasMetadata o) {
        return o.getMetadata().getManagedFields().stream().filter(m -> "Apply".equals(m.getOperation()))
                .map(ManagedFieldsEntry::getManager).toList();
    }

    @Test
    void theOperatorRunsAsItsServiceAccountUnderRbac() {
        var review = operatorClient.authorization().v1().selfSubjectAccessReview().create(
                new SelfSubjectAccessReviewBuilder().withNewSpec().withNewResourceAttributes()
                        .withNamespace(NS).withVerb("list").withResource("secrets").endResourceAttributes()
                        .endSpec().build());
        Assumptions.assumeFalse(review.getStatus().getAllowed(),
                "the API server allows everything (--authorization-mode=AlwaysAllow): start kapi with "
                        + "KAPI_AUTHZ=RBAC to check the operator's RBAC");
        // the operator reads no Secrets: its pods get credentials through secretKeyRef
        assertThatThrownBy(() -> operatorClient.secrets().inNamespace(NS).list())
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining(RealApiServer.OPERATOR_USER).hasMessageContaining("cannot list resource \"secrets\"");
    }

    @Test
    void anIndexBuildsInAJobAndANewGenerationRebuildsIt() throws Exception {
        SemanticIndex created = admin.resource(Fixtures.index(NS, "items")).create();
        Job first = eventually().until(() -> job("items-index"), j -> j != null);
        assertThat(first.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs()).startsWith("index");
        assertThat(first.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
            assertThat(o.getUid()).isEqualTo(created.getMetadata().getUid());
            assertThat(o.getController()).isTrue();
        });
        kubelet.jobRunning(NS, "items-index");
        eventually().until(() -> conditionIs(get(SemanticIndex.class, "items").getStatus(), "Building", "True",
                c -> c.getObservedGeneration() == 1L));

        // a new generation: the running Job is replaced, the status follows the generation
        SemanticIndex edit = get(SemanticIndex.class, "items");
        edit.getSpec().seed = 12L;
        admin.resource(edit).update();
        Job second = eventually().until(() -> job("items-index"),
                j -> j != null && !j.getMetadata().getUid().equals(first.getMetadata().getUid()));
        assertThat(second.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
                .containsSequence("--seed", "12");
        eventually().until(() -> conditionIs(get(SemanticIndex.class, "items").getStatus(), "Building", "True",
                c -> c.getObservedGeneration() == 2L));

        String prefix = ArtifactLayout.indexPrefix("hsrl", NS, "items", created.getMetadata().getUid(), 2);
        store.writeJson(ArtifactLayout.stats(prefix), Fixtures.stats(1000, 10, List.of(0.9, 1.0, 1.0)));
        kubelet.jobSucceeded(NS, "items-index");
        eventually().until(() -> conditionIs(get(SemanticIndex.class, "items").getStatus(), "Ready", "True",
                c -> c.getObservedGeneration() == 2L));
        SemanticIndex ready = get(SemanticIndex.class, "items");
        assertThat(ready.getStatus().items).isEqualTo(1000L);
        assertThat(ready.getStatus().observedGeneration).isEqualTo(2L);
        assertThat(ready.getMetadata().getGeneration()).as("status writes go to the status subresource").isEqualTo(2L);
        assertThat(appliers(ready)).as("status patched with server-side apply").isNotEmpty();
        eventually().until(() -> Fixtures.events(admin, NS, "items").stream()
                .anyMatch(e -> "Normal".equals(e.getType()) && e.getMessage().startsWith("Index ready")));
    }

    @Test
    void aFailedIndexJobReportsThePodsTerminationMessage() {
        admin.resource(Fixtures.index(NS, "broken")).create();
        eventually().until(() -> job("broken-index"), j -> j != null);
        kubelet.jobFailed(NS, "broken-index", "BackoffLimitExceeded", "error: item_info.csv line 7: 3 columns, expected 5");
        eventually().until(() -> conditionIs(get(SemanticIndex.class, "broken").getStatus(), "Ready", "False",
                c -> "BackoffLimitExceeded".equals(c.getReason())));
        assertThat(condition(get(SemanticIndex.class, "broken").getStatus(), "Ready").getMessage())
                .as("read from the failed pod (pods: list)").contains("item_info.csv line 7");
    }

    @Test
    void artifactsDeleteHoldsAFinalizerUntilTheArtefactsAreGone() throws Exception {
        SemanticIndex spec = Fixtures.index(NS, "scratch");
        spec.getSpec().artifacts = ArtifactPolicy.Delete;
        SemanticIndex created = admin.resource(spec).create();
        eventually().until(() -> get(SemanticIndex.class, "scratch").hasFinalizer("hsrl.io/artifacts"));
        String root = ArtifactLayout.indexRoot("hsrl", NS, "scratch", created.getMetadata().getUid());
        store.writeString(root + "/g1/codebook.bin", "codes");
        admin.resource(get(SemanticIndex.class, "scratch")).delete();
        eventually().until(() -> get(SemanticIndex.class, "scratch") == null);
        assertThat(store.exists(root + "/g1/codebook.bin")).isFalse();
    }

    @Test
    void aTrainingWaitsForItsIndexCopiesProgressAndCompletes() throws Exception {
        HsrlTraining created = admin.resource(Fixtures.training(NS, "rl", "rl-items")).create();
        SemanticIndex index = admin.resource(Fixtures.index(NS, "rl-items")).create();
        eventually().until(() -> conditionIs(get(HsrlTraining.class, "rl").getStatus(), "Pending", "True",
                c -> "WaitingForIndex".equals(c.getReason())));
        assertThat(job("rl-train")).isNull();

        eventually().until(() -> job("rl-items-index"), j -> j != null);
        String indexPrefix = ArtifactLayout.indexPrefix("hsrl", NS, "rl-items", index.getMetadata().getUid(), 1);
        store.writeJson(ArtifactLayout.stats(indexPrefix), Fixtures.stats(1000, 0, List.of(1.0, 1.0, 1.0)));
        kubelet.jobSucceeded(NS, "rl-items-index");

        Job train = eventually().until(() -> job("rl-train"), j -> j != null);
        assertThat(train.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
                .startsWith("train").containsSequence("--index", ArtifactLayout.stats(indexPrefix));
        kubelet.jobRunning(NS, "rl-train");
        String prefix = ArtifactLayout.trainingPrefix("hsrl", NS, "rl", created.getMetadata().getUid());
        store.writeJson(ArtifactLayout.progress(prefix), Fixtures.progress(2000, 3000, 4.25));
        store.writeJson(ArtifactLayout.latestCheckpoint(prefix), Fixtures.latest(2000, false, 3.5, 4.0));
        eventually().until(() -> {
            var s = get(HsrlTraining.class, "rl").getStatus();
            return s != null && s.progress != null && Long.valueOf(2000).equals(s.progress.iteration);
        });
        HsrlTraining running = get(HsrlTraining.class, "rl");
        assertThat(running.getStatus().metrics.avgTotalReward).isEqualTo(4.25);
        assertThat(running.getStatus().checkpoints).hasSize(2);
        assertThat(condition(running.getStatus(), "Running").getStatus()).isEqualTo("True");

        store.writeJson(ArtifactLayout.latestCheckpoint(prefix), Fixtures.latest(3000, true, 3.5, 5.0, 4.5));
        kubelet.jobSucceeded(NS, "rl-train");
        eventually().until(() -> conditionIs(get(HsrlTraining.class, "rl").getStatus(), "Complete", "True",
                c -> c.getObservedGeneration() == 1L));
        HsrlTraining done = get(HsrlTraining.class, "rl");
        String checkpoints = ArtifactLayout.checkpoints(prefix);
        assertThat(done.getStatus().modelUri).isEqualTo(checkpoints + "/3000/manifest.json");
        assertThat(done.getStatus().bestCheckpoint).isEqualTo(checkpoints + "/2000/manifest.json");
        assertThat(done.getStatus().state).isEqualTo("Complete");
        assertThat(appliers(done)).isNotEmpty();
    }

    @Test
    void aServingRollsOutThroughServerSideApplyAndBecomesReady() throws Exception {
        String model = "s3://hsrl/models/" + NS + "/policy/manifest.json";
        store.writeString(model, "{\"schemaVersion\":1,\"iteration\":3000}");
        HsrlServing spec = new HsrlServing();
        spec.setMetadata(new ObjectMetaBuilder().withName("policy").withNamespace(NS).build());
        spec.getSpec().model = new ModelSource();
        spec.getSpec().model.checkpointUri = model;
        spec.getSpec().autoscaling = new Autoscaling();
        spec.getSpec().autoscaling.minReplicas = 2;
        spec.getSpec().autoscaling.maxReplicas = 3;
        spec.getSpec().slateSize = 5;
        spec.getSpec().beamWidth = 4;
        admin.resource(spec).create();

        Deployment d = eventually().until(() -> get(Deployment.class, "policy"), x -> x != null);
        assertThat(appliers(d)).as("the Deployment is a server-side-applied dependent").isNotEmpty();
        // the pod environment, as the API server stores it, is the server's contract with the spec's values
        Map<String, String> env = d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> e.getValue() != null).collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
        String digest = ModelManifest.sha256("{\"schemaVersion\":1,\"iteration\":3000}".getBytes(StandardCharsets.UTF_8));
        assertThat(ServingEnvironment.fromEnv(env)).isEqualTo(new ServingEnvironment(model, digest, 5, 4));
        assertThat(ServingEnvironment.properties(env)).containsEntry("hsrl.serving.default-slate-size", "5")
                .containsEntry("hsrl.serving.beam-width", "4").containsEntry("hsrl.serving.model-uri", model)
                .containsEntry("hsrl.serving.model-sha256", digest);
        assertThat(d.getSpec().getReplicas()).as("the autoscaler owns the replicas").isIn(null, 1);
        Service svc = eventually().until(() -> get(Service.class, "policy"), x -> x != null);
        assertThat(appliers(svc)).isNotEmpty();
        assertThat(svc.getSpec().getPorts()).singleElement().satisfies(p -> assertThat(p.getProtocol()).isEqualTo("TCP"));
        HorizontalPodAutoscaler hpa = eventually().until(() -> admin.autoscaling().v1().horizontalPodAutoscalers()
                .inNamespace(NS).withName("policy").get(), x -> x != null);
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
        eventually().until(() -> conditionIs(get(HsrlServing.class, "policy").getStatus(), "Ready", "False", c -> true));

        // the Deployment controller's report (no nodes here): two replicas available
        scaleTo(d, 2);
        kubelet.deploymentAvailable(NS, "policy", 2);
        eventually().until(() -> conditionIs(get(HsrlServing.class, "policy").getStatus(), "Ready", "True",
                c -> c.getObservedGeneration() == 1L));
        HsrlServing ready = get(HsrlServing.class, "policy");
        assertThat(ready.getStatus().endpoint).isEqualTo("http://policy." + NS + ".svc:8080");
        assertThat(ready.getStatus().readyReplicas).isEqualTo(2);
        assertThat(appliers(ready)).isNotEmpty();
        // many reconciles later: still one Deployment
        assertThat(admin.apps().deployments().inNamespace(NS).withLabel("app.kubernetes.io/instance", "policy")
                .list().getItems()).hasSize(1);

        // autoscaling removed: the autoscaler goes, the replica count is the spec's again
        HsrlServing edit = get(HsrlServing.class, "policy");
        edit.getSpec().autoscaling = null;
        edit.getSpec().replicas = 1;
        admin.resource(edit).update();
        eventually().until(() -> admin.autoscaling().v1().horizontalPodAutoscalers().inNamespace(NS)
                .withName("policy").get() == null);
        eventually().until(() -> Integer.valueOf(1).equals(get(Deployment.class, "policy").getSpec().getReplicas()));
    }

    /** What the HorizontalPodAutoscaler does on a cluster: sets spec.replicas through the scale subresource. */
    private static void scaleTo(Deployment d, int replicas) {
        admin.apps().deployments().inNamespace(NS).withName(d.getMetadata().getName()).scale(replicas);
    }
}
