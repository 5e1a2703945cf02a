package io.hsrl.local.s3;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hsrl.store.S3Settings;

import java.util.Map;

/**
 * The Secret {@value #NAME} (keys endpoint, accessKey, secretKey) that workloads reference through secretKeyRef, put
 * into the API with create-or-update (no server-side apply: the mock has none).
 */
public final class ObjectStoreSecret {
    public static final String NAME = "hsrl-object-store";

    private ObjectStoreSecret() {
    }

    private static Map<String, String> base64(Map<String, String> plain) {
        Map<String, String> out = new java.util.TreeMap<>();
        plain.forEach((k, v) -> out.put(k, java.util.Base64.getEncoder()
                .encodeToString(v.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        return out;
    }

    public static void put(KubernetesClient client, String namespace, S3Settings settings) {
        if (client.namespaces().withName(namespace).get() == null) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata()
                    .build()).create();
        }
        Secret secret = new SecretBuilder().withNewMetadata().withName(NAME).withNamespace(namespace)
                .addToLabels("app.kubernetes.io/part-of", "hsrl").addToLabels("app.kubernetes.io/managed-by",
                        "hsrl-local").endMetadata()
                .withType("Opaque")
                // data, not stringData: the mock server does not fold stringData into data as a real one does.
                .withData(base64(Map.of("endpoint", settings.endpoint(), "accessKey", settings.accessKey(),
                        "secretKey", settings.secretKey(), "region", settings.region())))
                .build();
        Secret existing = client.secrets().inNamespace(namespace).withName(NAME).get();
        if (existing == null) {
            client.secrets().inNamespace(namespace).resource(secret).create();
        } else {
            secret.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
            client.secrets().inNamespace(namespace).resource(secret).update();
        }
    }
}
