package io.hsrl.local.api;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.hsrl.local.TestPaths;
import io.hsrl.local.platform.Crds;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The embedded API's server-side apply (what JOSDK sends for dependents and statuses when built with SSA, as the
 * production operator and ab-controller are) and its owner-reference garbage collector.
 */
class ServerSideApplyAndCollectorTest {
    static LocalApiServer api;
    static KubernetesClient client;
    static final ResourceDefinitionContext SERVINGS = new ResourceDefinitionContext.Builder()
            .withGroup("hsrl.io").withVersion("v1alpha1").withPlural("hsrlservings").withKind("HsrlServing")
            .withNamespaced(true).build();

    /** What JOSDK sends for UpdateControl.patchStatus with SSA on. */
    static final io.fabric8.kubernetes.client.dsl.base.PatchContext STATUS_APPLY =
            new io.fabric8.kubernetes.client.dsl.base.PatchContext.Builder().withForce(true).withFieldManager("op")
                    .withPatchType(io.fabric8.kubernetes.client.dsl.base.PatchType.SERVER_SIDE_APPLY).build();

    @BeforeAll
    static void start() throws Exception {
        api = LocalApiServer.start("127.0.0.1", 0);
        client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty()).withMasterUrl(api.url())
                .withNamespace("default").build()).build();
        Crds.apply(client, TestPaths.repoRoot().resolve("crds"));
    }

    @AfterAll
    static void stop() {
        client.close();
        api.close();
    }

    private static Deployment deployment(String image, Map<String, String> labels) {
        return new DeploymentBuilder().withNewMetadata().withName("web").withNamespace("default").withLabels(labels)
                .endMetadata().withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", "web")
                .endSelector().withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage(image).endContainer().endSpec()
                .endTemplate().endSpec().build();
    }

    @Test
    void applyCreatesThenMergesAndStatusApplyReplacesTheStatus() {
        Deployment created = client.apps().deployments().resource(deployment("img:1", Map.of("a", "1")))
                .fieldManager("test").forceConflicts().serverSideApply();
        assertThat(created.getMetadata().getUid()).isNotBlank();
        assertThat(created.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("img:1");

        Deployment updated = client.apps().deployments().resource(deployment("img:2", Map.of("b", "2")))
                .fieldManager("test").forceConflicts().serverSideApply();
        assertThat(updated.getMetadata().getUid()).isEqualTo(created.getMetadata().getUid());
        assertThat(updated.getSpec().getTemplate().getSpec().getContainers()).hasSize(1)
                .allSatisfy(c -> assertThat(c.getImage()).isEqualTo("img:2"));
        assertThat(updated.getMetadata().getLabels()).containsEntry("a", "1").containsEntry("b", "2");

        GenericKubernetesResource serving = new GenericKubernetesResource();
        serving.setApiVersion("hsrl.io/v1alpha1");
        serving.setKind("HsrlServing");
        serving.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("s").withNamespace("default")
                .build());
        serving.setAdditionalProperty("spec", Map.of("replicas", 1,
                "model", Map.of("checkpointUri", "s3://hsrl/models/s/checkpoint")));
        client.genericKubernetesResources(SERVINGS).resource(serving).create();
        serving.setAdditionalProperty("status", Map.of("endpoint", "http://s", "replicas", 1));
        client.genericKubernetesResources(SERVINGS).resource(serving).subresource("status").patch(STATUS_APPLY);
        serving.setAdditionalProperty("status", Map.of("endpoint", "http://s2"));
        client.genericKubernetesResources(SERVINGS).resource(serving).subresource("status").patch(STATUS_APPLY);
        GenericKubernetesResource stored = client.genericKubernetesResources(SERVINGS).withName("s").get();
        assertThat(stored.getAdditionalProperties().get("status")).isEqualTo(Map.of("endpoint", "http://s2"));
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) stored.getAdditionalProperties().get("spec");
        assertThat(spec).containsEntry("replicas", 1)
                .containsEntry("model", Map.of("checkpointUri", "s3://hsrl/models/s/checkpoint"));
    }

    @Test
    void objectsWhoseOwnersAreGoneAreCollectedTransitively() {
        ConfigMap owner = client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("owner")
                .endMetadata().build()).create();
        ConfigMap child = client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("child")
                .addNewOwnerReference().withApiVersion("v1").withKind("ConfigMap").withName("owner")
                .withUid(owner.getMetadata().getUid()).withController(true).endOwnerReference().endMetadata().build())
                .create();
        client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("grandchild")
                .addNewOwnerReference().withApiVersion("v1").withKind("ConfigMap").withName("child")
                .withUid(child.getMetadata().getUid()).endOwnerReference().endMetadata().build()).create();
        ConfigMap survivor = client.configMaps().resource(new ConfigMapBuilder().withNewMetadata()
                .withName("survivor").endMetadata().build()).create();
        client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("co-owned")
                .addNewOwnerReference().withApiVersion("v1").withKind("ConfigMap").withName("owner")
                .withUid(owner.getMetadata().getUid()).endOwnerReference().addNewOwnerReference()
                .withApiVersion("v1").withKind("ConfigMap").withName("survivor")
                .withUid(survivor.getMetadata().getUid()).endOwnerReference().endMetadata().build()).create();

        // still owned: nothing happens over a few collector passes
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(8)).until(() ->
                client.configMaps().withName("child").get() != null
                        && client.configMaps().withName("grandchild").get() != null);
        client.configMaps().withName("owner").delete();
        await().atMost(Duration.ofSeconds(20)).until(() -> client.configMaps().withName("child").get() == null
                && client.configMaps().withName("grandchild").get() == null);
        // an object with one owner left stays, as with a cluster's collector
        assertThat(client.configMaps().withName("co-owned").get()).isNotNull();
    }
}
