package io.hsrl.local.platform;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Applies the CRDs of {@code crds/} with create-or-update (never server-side apply, which the mock lacks), on the
 * embedded API and on a real one alike.
 */
public final class Crds {
    private Crds() {
    }

    /** Returns the names applied; throws naming the file when one cannot be read or applied. */
    public static List<String> apply(KubernetesClient client, Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IOException("no CRD files (*.yaml) in " + dir);
        }
        for (Path f : files) {
            CustomResourceDefinition crd;
            try (InputStream in = Files.newInputStream(f)) {
                crd = Serialization.unmarshal(in, CustomResourceDefinition.class);
            } catch (RuntimeException e) {
                throw new IOException(f + ": not a CustomResourceDefinition: " + e.getMessage(), e);
            }
            try {
                CustomResourceDefinition existing = client.apiextensions().v1().customResourceDefinitions()
                        .withName(crd.getMetadata().getName()).get();
                if (existing == null) {
                    client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
                } else {
                    crd.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
                    client.apiextensions().v1().customResourceDefinitions().resource(crd).update();
                }
            } catch (KubernetesClientException e) {
                throw new IOException(f + ": applying CRD " + crd.getMetadata().getName() + " failed: "
                        + e.getMessage(), e);
            }
            names.add(crd.getMetadata().getName());
        }
        return names;
    }
}
