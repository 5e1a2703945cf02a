package io.hsrl.local.api;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.hsrl.local.TestPaths;
import io.hsrl.local.platform.Crds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Finalizers and propagation policies, schema admission through a client, and objects kept across restarts. */
class DeletionAndPersistenceTest {
    @TempDir
    Path dir;

    static KubernetesClient client(LocalApiServer api) {
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty()).withMasterUrl(api.url())
                .withNamespace("default").build()).build();
    }

    static ConfigMap cm(String name, ConfigMap owner) {
        ConfigMapBuilder b = new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata();
        if (owner != null) {
            b.editMetadata().addNewOwnerReference().withApiVersion("v1").withKind("ConfigMap")
                    .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid()).endOwnerReference()
                    .endMetadata();
        }
        return b.build();
    }

    @Test
    void lastFinalizerRemovedDeletesTheObjectAndWatchersSeeDeleted() {
        try (LocalApiServer api = LocalApiServer.start("127.0.0.1", 0); KubernetesClient c = client(api)) {
            c.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("held")
                    .addToFinalizers("test.hsrl.io/hold").endMetadata().build()).create();
            List<String> events = new CopyOnWriteArrayList<>();
            try (var w = c.configMaps().withName("held").watch(new Watcher<>() {
                @Override
                public void eventReceived(Action action, ConfigMap resource) {
                    events.add(action + " " + resource.getMetadata().getDeletionTimestamp());
                }

                @Override
                public void onClose(WatcherException cause) {
                }
            })) {
                c.configMaps().withName("held").delete();
                ConfigMap terminating = c.configMaps().withName("held").get();
                assertThat(terminating).as("kept while a finalizer is left").isNotNull();
                assertThat(terminating.getMetadata().getDeletionTimestamp()).isNotBlank();
                c.configMaps().withName("held").edit(m -> {
                    m.getMetadata().setFinalizers(List.of());
                    return m;
                });
                await().atMost(Duration.ofSeconds(10)).until(() -> events.stream().anyMatch(e -> e.startsWith("DELETED")));
                assertThat(c.configMaps().withName("held").get()).isNull();
                assertThat(events).as("the deletionTimestamp is seen before the object goes")
                        .anyMatch(e -> e.startsWith("MODIFIED 20"));
            }
        }
    }

    @Test
    void orphanKeepsDependentsAndForegroundDeletesThemBeforeTheOwner() {
        try (LocalApiServer api = LocalApiServer.start("127.0.0.1", 0); KubernetesClient c = client(api)) {
            ConfigMap owner = c.configMaps().resource(cm("owner", null)).create();
            c.configMaps().resource(cm("kept", owner)).create();
            c.configMaps().withName("owner").withPropagationPolicy(DeletionPropagation.ORPHAN).delete();
            await().atMost(Duration.ofSeconds(5)).until(() -> c.configMaps().withName("owner").get() == null);
            await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(10))
                    .until(() -> c.configMaps().withName("kept").get() != null);
            assertThat(c.configMaps().withName("kept").get().getMetadata().getOwnerReferences()).isNullOrEmpty();

            ConfigMap owner2 = c.configMaps().resource(cm("owner2", null)).create();
            c.configMaps().resource(cm("dependent", owner2)).create();
            c.configMaps().withName("owner2").withPropagationPolicy(DeletionPropagation.FOREGROUND).delete();
            ConfigMap waiting = c.configMaps().withName("owner2").get();
            assertThat(waiting.getMetadata().getFinalizers()).contains("foregroundDeletion");
            assertThat(waiting.getMetadata().getDeletionTimestamp()).isNotBlank();
            await().atMost(Duration.ofSeconds(30)).until(() -> c.configMaps().withName("owner2").get() == null);
            assertThat(c.configMaps().withName("dependent").get()).isNull();
        }
    }

    @Test
    void invalidCustomResourcesAreRefusedNamingTheFieldAndDefaultsApplied() throws Exception {
        ResourceDefinitionContext indexes = new ResourceDefinitionContext.Builder().withGroup("hsrl.io")
                .withVersion("v1alpha1").withPlural("semanticindexes").withKind("SemanticIndex").withNamespaced(true)
                .build();
        try (LocalApiServer api = LocalApiServer.start("127.0.0.1", 0); KubernetesClient c = client(api)) {
            Crds.apply(c, TestPaths.repoRoot().resolve("crds"));
            GenericKubernetesResource bad = new GenericKubernetesResource();
            bad.setApiVersion("hsrl.io/v1alpha1");
            bad.setKind("SemanticIndex");
            bad.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("bad").build());
            bad.setAdditionalProperty("spec", Map.of("levels", 12, "collisions", "merge",
                    "catalog", Map.of("uri", "s3://hsrl/items.csv", "format", "rl4rs")));
            assertThatThrownBy(() -> c.genericKubernetesResources(indexes).resource(bad).create())
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                        assertThat(e.getCode()).isEqualTo(422);
                        assertThat(e.getStatus().getReason()).isEqualTo("Invalid");
                        assertThat(e.getStatus().getDetails().getCauses()).extracting(cause -> cause.getField())
                                .containsExactlyInAnyOrder("spec.levels", "spec.collisions");
                    });
            bad.setAdditionalProperty("spec", Map.of("levels", 3,
                    "catalog", Map.of("uri", "s3://hsrl/items.csv", "format", "rl4rs")));
            GenericKubernetesResource created = c.genericKubernetesResources(indexes).resource(bad).create();
            @SuppressWarnings("unchecked")
            Map<String, Object> spec = (Map<String, Object>) created.getAdditionalProperties().get("spec");
            assertThat(spec).as("schema defaults").containsKey("iterations").containsEntry("collisions", "extraLevel");
            // a patch is admitted on its result
            assertThatThrownBy(() -> c.genericKubernetesResources(indexes).withName("bad").edit(r -> {
                @SuppressWarnings("unchecked")
                Map<String, Object> s = (Map<String, Object>) r.getAdditionalProperties().get("spec");
                s.put("levels", 99);
                return r;
            })).isInstanceOfSatisfying(KubernetesClientException.class,
                    e -> assertThat(e.getMessage()).contains("spec.levels"));
        }
    }

    @Test
    void objectsAndResourceVersionsSurviveARestart() throws Exception {
        Path file = dir.resolve("api/objects.mv");
        String uid;
        long rv;
        try (LocalApiServer api = LocalApiServer.start("127.0.0.1", 0, Optional.of(file)); KubernetesClient c = client(api)) {
            Crds.apply(c, TestPaths.repoRoot().resolve("crds"));
            ConfigMap made = c.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("kept")
                    .endMetadata().addToData("a", "1").build()).create();
            c.configMaps().resource(cm("gone", null)).create();
            c.configMaps().withName("gone").delete();
            uid = made.getMetadata().getUid();
            rv = Long.parseLong(c.configMaps().list().getMetadata().getResourceVersion());
        }
        try (LocalApiServer api = LocalApiServer.start("127.0.0.1", 0, Optional.of(file)); KubernetesClient c = client(api)) {
            ConfigMap kept = c.configMaps().withName("kept").get();
            assertThat(kept.getData()).containsEntry("a", "1");
            assertThat(kept.getMetadata().getUid()).isEqualTo(uid);
            assertThat(c.configMaps().withName("gone").get()).isNull();
            assertThat(c.apiextensions().v1().customResourceDefinitions().list().getItems()).hasSize(4);
            ConfigMap next = c.configMaps().resource(cm("next", null)).create();
            assertThat(Long.parseLong(next.getMetadata().getResourceVersion())).isGreaterThan(rv);
            assertThat(next.getMetadata().getUid()).isNotEqualTo(uid);
        }
    }
}
