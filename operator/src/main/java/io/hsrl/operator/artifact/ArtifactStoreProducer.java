package io.hsrl.operator.artifact;

import io.hsrl.operator.config.OperatorConfig;
import io.hsrl.store.ObjectStore;
import io.hsrl.store.ObjectStores;
import io.hsrl.store.S3Settings;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The operator's own view of the object store. It only reads what the workloads wrote (and deletes prefixes when a
 * resource asks for {@code artifacts: Delete}); it never reads the workloads' Secrets, so it needs no Secret rights.
 */
public class ArtifactStoreProducer {

    @Produces
    @Singleton
    ObjectStore objectStore(OperatorConfig config) {
        OperatorConfig.ObjectStore os = config.objectStore();
        if (os.endpoint().isPresent()) {
            return ObjectStores.of(new S3Settings(os.endpoint().get(),
                    os.accessKey().orElseThrow(() -> new IllegalStateException(
                            "hsrl.operator.object-store.access-key is required with hsrl.operator.object-store.endpoint")),
                    os.secretKey().orElseThrow(() -> new IllegalStateException(
                            "hsrl.operator.object-store.secret-key is required with hsrl.operator.object-store.endpoint")),
                    os.region().orElse(null)));
        }
        return ObjectStores.fromEnvironment();
    }

    void close(@Disposes ObjectStore store) {
        store.close();
    }
}
