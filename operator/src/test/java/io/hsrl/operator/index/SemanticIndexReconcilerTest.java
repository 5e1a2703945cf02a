package io.hsrl.operator.index;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hsrl.api.v1alpha1.ArtifactPolicy;
import io.hsrl.api.v1alpha1.Conditions;
import io.hsrl.api.v1alpha1.ObjectStoreRef;
import io.hsrl.api.v1alpha1.SemanticIndex;
import io.hsrl.artifact.ArtifactLayout;
import io.hsrl.operator.artifact.ArtifactFinalizer;
import io.hsrl.operator.testing.FakeKubelet;
import io.hsrl.operator.testing.Fixtures;
import io.hsrl.operator.testing.S3ProxyResource;
import io.hsrl.store.ObjectStore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.quarkus.test.common.http.TestHTTPResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(S3ProxyResource.class)
class SemanticIndexReconcilerTest {
    static final String NS = "idx";

    @Inject
    KubernetesClient client;
    @Inject
    ObjectStore store;
    @TestHTTPResource("/q/metrics")
    java.net.URL metrics;
    @TestHTTPResource("/q/health/ready")
    java.net.URL readiness;

    static java.net.http.HttpResponse<String> httpGet(java.net.URL url) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(url.toURI()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    SemanticIndex get(String name) {
        return client.resources(SemanticIndex.class).inNamespace(NS).withName(name).get();
    }

    Job awaitJob(String name, long generation) {
        return await().atMost(Duration.ofSeconds(20)).until(
                () -> client.batch().v1().jobs().inNamespace(NS).withName(name + "-index").get(),
                j -> j != null && ("" + generation).equals(j.getMetadata().getAnnotations().get("hsrl.io/generation")));
    }

    String prefix(SemanticIndex index, long generation) {
        return ArtifactLayout.indexPrefix("hsrl", NS, index.getMetadata().getName(), index.getMetadata().getUid(),
                generation);
    }

    Condition condition(String name, String type) {
        SemanticIndex idx = get(name);
        return idx.getStatus() == null ? null : Conditions.find(idx.getStatus().conditions, type).orElse(null);
    }

    @Test
    void buildsWithAJobAndReportsStatsWhenItSucceeds() throws Exception {
        SemanticIndex index = Fixtures.index(NS, "catalog");
        index.getSpec().objectStore = new ObjectStoreRef();
        index.getSpec().objectStore.secretName = "team-s3";
        index = client.resource(index).create();
        Job job = awaitJob("catalog", 1);

        String prefix = prefix(index, 1);
        var container = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getArgs()).containsExactly("index", "--catalog", "s3://datasets/rl4rs/item_info.csv",
                "--format", "rl4rs", "--levels", "3", "--codebook-size", "64", "--balanced", "--seed", "11",
                "--collisions", "extraLevel", "--iterations", "25", "--out", prefix);
        assertThat(container.getImage()).isEqualTo("ghcr.io/hsrl/hsrl-trainer:0.1.0");
        assertThat(container.getEnv()).extracting(EnvVar::getName)
                .contains("HSRL_S3_ENDPOINT", "HSRL_S3_ACCESS_KEY", "HSRL_S3_SECRET_KEY");
        EnvVar secretKey = container.getEnv().stream().filter(e -> e.getName().equals("HSRL_S3_SECRET_KEY"))
                .findFirst().orElseThrow();
        assertThat(secretKey.getValue()).isNull();
        assertThat(secretKey.getValueFrom().getSecretKeyRef().getName()).isEqualTo("team-s3");
        assertThat(secretKey.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("secretKey");
        assertThat(job.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
            assertThat(o.getKind()).isEqualTo("SemanticIndex");
            assertThat(o.getUid()).isEqualTo(get("catalog").getMetadata().getUid());
            assertThat(o.getController()).isTrue();
        });
        assertThat(job.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken()).isFalse();
        assertThat(job.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();

        await().atMost(Duration.ofSeconds(10)).until(() -> condition("catalog", "Building") != null
                && "True".equals(condition("catalog", "Building").getStatus()));
        assertThat(condition("catalog", "Ready").getStatus()).isEqualTo("False");

        // the "kubelet": the build writes stats.json, then the Job succeeds
        store.writeJson(ArtifactLayout.stats(prefix), Fixtures.stats(10_000, 0, List.of(0.97, 0.96, 0.98)));
        new FakeKubelet(client).jobSucceeded(NS, "catalog-index");

        await().atMost(Duration.ofSeconds(10)).until(() -> condition("catalog", "Ready") != null
                && "True".equals(condition("catalog", "Ready").getStatus()));
        SemanticIndex ready = get("catalog");
        assertThat(ready.getStatus().items).isEqualTo(10_000L);
        assertThat(ready.getStatus().collisionRate).isEqualTo(0.0);
        assertThat(ready.getStatus().levelUtilization).containsExactly(0.97, 0.96, 0.98);
        assertThat(ready.getStatus().codebookUri).isEqualTo(prefix + "/codebook.bin");
        assertThat(ready.getStatus().statsUri).isEqualTo(prefix + "/stats.json");
        assertThat(ready.getStatus().state).isEqualTo("Ready");
        assertThat(ready.getStatus().observedGeneration).isEqualTo(1L);
        assertThat(condition("catalog", "Ready").getObservedGeneration()).isEqualTo(1L);
        assertThat(condition("catalog", "Degraded").getStatus()).isEqualTo("False");
        assertThat(condition("catalog", "Building").getStatus()).isEqualTo("False");
        assertThat(ready.getMetadata().getFinalizers()).isNullOrEmpty();
        await().atMost(Duration.ofSeconds(5)).until(() -> Fixtures.events(client, NS, "catalog").stream()
                .anyMatch(e -> "Index ready: 10,000 items, 0 collisions, utilisation 97%".equals(e.getMessage())
                        && "Normal".equals(e.getType())));
        assertThat(client.batch().v1().jobs().inNamespace(NS).list().getItems())
                .filteredOn(j -> j.getMetadata().getName().startsWith("catalog")).hasSize(1);

        // operations: per-resource gauges beside JOSDK's metrics, and the readiness probe
        String scrape = httpGet(metrics).body();
        assertThat(scrape).containsPattern(
                "hsrl_index_collision_rate\\{kind=\"SemanticIndex\",name=\"catalog\",namespace=\"idx\"} 0\\.0");
        assertThat(scrape).containsPattern("hsrl_index_items\\{[^}]*name=\"catalog\"[^}]*} 10000\\.0");
        assertThat(scrape).as("JOSDK reconciliation metrics").contains("reconciliations_success");
        assertThat(httpGet(readiness).statusCode()).isEqualTo(200);
    }

    @Test
    void breachedThresholdsSetDegraded() throws Exception {
        SemanticIndex index = client.resource(Fixtures.index(NS, "lumpy")).create();
        awaitJob("lumpy", 1);
        store.writeJson(ArtifactLayout.stats(prefix(index, 1)), Fixtures.stats(1000, 80, List.of(0.9, 0.3, 0.8)));
        new FakeKubelet(client).jobSucceeded(NS, "lumpy-index");

        await().atMost(Duration.ofSeconds(10)).until(() -> condition("lumpy", "Degraded") != null
                && "True".equals(condition("lumpy", "Degraded").getStatus()));
        assertThat(condition("lumpy", "Degraded").getMessage())
                .contains("collision rate 8.0% exceeds spec.thresholds.maxCollisionRate 5.0%")
                .contains("level 2 uses 30% of its codes");
        // built, but below its quality bounds: not Ready in `kubectl get`, Degraded beside it
        assertThat(condition("lumpy", "Ready").getStatus()).isEqualTo("False");
        assertThat(condition("lumpy", "Ready").getReason()).isEqualTo("ThresholdBreached");
        assertThat(get("lumpy").getStatus().state).isEqualTo("Degraded");
        assertThat(get("lumpy").getStatus().statsUri).as("usable by trainings").isNotNull();
    }

    @Test
    void aFailedBuildIsNotReadyWithThePodsReason() {
        client.resource(Fixtures.index(NS, "broken")).create();
        awaitJob("broken", 1);
        new FakeKubelet(client).jobFailed(NS, "broken-index", "BackoffLimitExceeded",
                "error: s3://datasets/rl4rs/item_info.csv line 7: expected 32 features, found 31");

        await().atMost(Duration.ofSeconds(10)).until(() -> condition("broken", "Ready") != null
                && "BackoffLimitExceeded".equals(condition("broken", "Ready").getReason()));
        assertThat(condition("broken", "Ready").getStatus()).isEqualTo("False");
        assertThat(condition("broken", "Ready").getMessage()).contains("line 7: expected 32 features");
        assertThat(get("broken").getStatus().state).isEqualTo("Failed");
        await().atMost(Duration.ofSeconds(5)).until(() -> Fixtures.events(client, NS, "broken").stream()
                .anyMatch(e -> "Warning".equals(e.getType()) && e.getMessage().contains("line 7")));
    }

    @Test
    void aNewGenerationRebuildsIntoANewPrefixAndKeepsTheOldUntilReady() throws Exception {
        SemanticIndex index = client.resource(Fixtures.index(NS, "evolving")).create();
        awaitJob("evolving", 1);
        store.writeJson(ArtifactLayout.stats(prefix(index, 1)), Fixtures.stats(500, 0, List.of(1.0, 1.0, 1.0)));
        new FakeKubelet(client).jobSucceeded(NS, "evolving-index");
        await().atMost(Duration.ofSeconds(10)).until(() -> condition("evolving", "Ready") != null
                && "True".equals(condition("evolving", "Ready").getStatus()));

        SemanticIndex changed = get("evolving");
        changed.getSpec().codebookSize = 128;
        changed = client.resource(changed).update();
        long g2 = changed.getMetadata().getGeneration();
        Job second = awaitJob("evolving", g2);
        assertThat(second.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
                .contains("128", prefix(index, g2));
        // while generation 2 builds, generation 1 still serves
        await().atMost(Duration.ofSeconds(10)).until(() -> "True".equals(condition("evolving", "Building").getStatus()));
        assertThat(condition("evolving", "Ready").getStatus()).isEqualTo("True");
        assertThat(get("evolving").getStatus().statsUri).isEqualTo(ArtifactLayout.stats(prefix(index, 1)));

        store.writeJson(ArtifactLayout.stats(prefix(index, g2)), Fixtures.stats(500, 5, List.of(0.9, 0.9, 0.9)));
        new FakeKubelet(client).jobSucceeded(NS, "evolving-index");
        await().atMost(Duration.ofSeconds(10)).until(
                () -> ArtifactLayout.stats(prefix(index, g2)).equals(get("evolving").getStatus().statsUri));
        assertThat(condition("evolving", "Ready").getObservedGeneration()).isEqualTo(g2);
        assertThat(store.exists(ArtifactLayout.stats(prefix(index, 1)))).as("Retain keeps generation 1").isTrue();
    }

    @Test
    void artifactsDeleteHoldsAFinalizerAndRemovesThePrefix() throws Exception {
        SemanticIndex index = Fixtures.index(NS, "ephemeral");
        index.getSpec().artifacts = ArtifactPolicy.Delete;
        index = client.resource(index).create();
        awaitJob("ephemeral", 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> get("ephemeral").hasFinalizer(ArtifactFinalizer.NAME));
        String stats = ArtifactLayout.stats(prefix(index, 1));
        store.writeJson(stats, Fixtures.stats(10, 0, List.of(1.0)));

        client.resource(get("ephemeral")).delete();
        await().atMost(Duration.ofSeconds(10)).until(() -> get("ephemeral") == null);
        assertThat(store.exists(stats)).isFalse();
    }

    @Test
    void aDeletionThatCannotFinishSaysWhyAndTheAnnotationLetsItGo() throws Exception {
        SemanticIndex index = Fixtures.index(NS, "stuck");
        index.getSpec().artifacts = ArtifactPolicy.Delete;
        index.getSpec().objectStore = new ObjectStoreRef();
        index.getSpec().objectStore.bucket = "no-such-bucket";
        client.resource(index).create();
        awaitJob("stuck", 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> get("stuck").hasFinalizer(ArtifactFinalizer.NAME));

        client.resource(get("stuck")).delete();
        await().atMost(Duration.ofSeconds(15)).until(() -> condition("stuck", "Deleting") != null);
        assertThat(get("stuck").getStatus().state).isEqualTo("Deleting");
        assertThat(condition("stuck", "Deleting").getMessage()).contains("no-such-bucket")
                .contains("hsrl.io/abandon-artifacts=true");
        await().atMost(Duration.ofSeconds(5)).until(() -> Fixtures.events(client, NS, "stuck").stream()
                .anyMatch(e -> "Warning".equals(e.getType()) && "DeletionBlocked".equals(e.getReason())));
        // retried with back-off, not in a loop: one Warning, and the status is not rewritten while the cause stays
        String version = get("stuck").getMetadata().getResourceVersion();
        Thread.sleep(1500);
        assertThat(get("stuck").getMetadata().getResourceVersion()).isEqualTo(version);
        assertThat(Fixtures.events(client, NS, "stuck")).filteredOn(e -> "DeletionBlocked".equals(e.getReason())).hasSize(1);

        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
            client.resource(get("stuck")).edit(r -> {
                r.getMetadata().setAnnotations(java.util.Map.of(io.hsrl.api.v1alpha1.HsrlApi.ABANDON_ARTIFACTS, "true"));
                return r;
            });
            return true;
        });
        await().atMost(Duration.ofSeconds(15)).until(() -> get("stuck") == null);
        assertThat(Fixtures.events(client, NS, "stuck")).anyMatch(e -> "ArtifactsAbandoned".equals(e.getReason()));
    }
}
