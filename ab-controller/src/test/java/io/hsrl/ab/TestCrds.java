package io.hsrl.ab;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.hsrl.api.v1alpha1.HsrlApi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The project's CRDs (crds/) on a test API server. */
public final class TestCrds {
    private TestCrds() {
    }

    /**
     * Creates (or updates) every CRD. Kubernetes 1.20 (kapi) does not know CEL rules: server-side apply rejects them,
     * create/update lets the server drop them.
     */
    public static void install(KubernetesClient client) throws IOException {
        Path dir = Path.of(System.getProperty("hsrl.crds.dir", Files.isDirectory(Path.of("../crds")) ? "../crds" : "crds"));
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
                    client.resource(crd).createOr(NonDeletingOperation::update);
                }
            }
        }
    }

    /** {@link #install} on a real API server, then waits until each CRD is established. */
    public static void installAndAwait(KubernetesClient client) throws IOException {
        install(client);
        for (var kind : HsrlApi.KINDS) {
            client.apiextensions().v1().customResourceDefinitions().withName(CustomResource.getCRDName(kind))
                    .waitUntilCondition(TestCrds::established, 60, TimeUnit.SECONDS);
        }
    }

    private static boolean established(CustomResourceDefinition crd) {
        return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
                && crd.getStatus().getConditions().stream()
                .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
